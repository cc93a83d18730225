# sonde mock against real HTTP clients (curl) on loopback: each script starts its own mock on a
# free port, talks to it, and stops it by PID.
foreach(case IN ITEMS routing faults idempotency tls probe)
  add_test(NAME integration.mock.${case}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/mock_${case}.sh $<TARGET_FILE:sonde>
                   ${PROJECT_SOURCE_DIR}/tests/unit/mock/fixtures/mock-api.yaml)
  set_tests_properties(integration.mock.${case} PROPERTIES LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()
# --stateful with its own description (a notes API with every CRUD method), driven by sonde test.
add_test(NAME integration.mock.stateful COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/mock_stateful.sh $<TARGET_FILE:sonde>)
set_tests_properties(integration.mock.stateful PROPERTIES LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 60)
# Raw-socket clients in Python, for what curl will not send: slow clients (slowloris), request
# smuggling (Content-Length with Transfer-Encoding), paths whose bytes are not UTF-8.
foreach(case IN ITEMS slowloris protocol)
  add_test(NAME integration.mock.${case}
           COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/mock_${case}.py $<TARGET_FILE:sonde>
                   ${PROJECT_SOURCE_DIR}/tests/unit/mock/fixtures/mock-api.yaml)
  set_tests_properties(integration.mock.${case} PROPERTIES LABELS integration TIMEOUT 60)
endforeach()
# The HTTP module on its own, with a request handler that throws.
add_executable(mock_module_exception ${CMAKE_CURRENT_LIST_DIR}/module_exception.cpp)
target_link_libraries(mock_module_exception PRIVATE sonde_core sonde_flags ${CMAKE_DL_LIBS})
add_test(NAME integration.mock.module_exception COMMAND mock_module_exception $<TARGET_FILE:sonde_mock_http>)
set_tests_properties(integration.mock.module_exception PROPERTIES LABELS integration TIMEOUT 30)
