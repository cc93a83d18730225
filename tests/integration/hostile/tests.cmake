# Hostile input over the network (issue 19), each against a python3 server inside the test script
# on a loopback port of its own (no fixture): misbehaving HTTP servers against every subcommand
# that speaks HTTP, a $ref to a URL that must never be fetched, credentials masked in every output.
set(SONDE_HOSTILE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/integration/hostile)

execute_process(COMMAND ${Python3_EXECUTABLE} ${SONDE_HOSTILE_DIR}/http_misbehaviour.py - --list
                OUTPUT_VARIABLE SONDE_HOSTILE_HTTP_CASES OUTPUT_STRIP_TRAILING_WHITESPACE)
foreach(hostile_case IN LISTS SONDE_HOSTILE_HTTP_CASES)
  add_test(NAME integration.hostile.http.${hostile_case}
           COMMAND Python3::Interpreter ${SONDE_HOSTILE_DIR}/http_misbehaviour.py $<TARGET_FILE:sonde> ${hostile_case})
  set_tests_properties(integration.hostile.http.${hostile_case} PROPERTIES LABELS integration TIMEOUT 180)
endforeach()

add_test(NAME integration.hostile.url_ref_not_fetched
         COMMAND Python3::Interpreter ${SONDE_HOSTILE_DIR}/url_ref_not_fetched.py $<TARGET_FILE:sonde>)
set_tests_properties(integration.hostile.url_ref_not_fetched PROPERTIES LABELS integration TIMEOUT 180)

execute_process(COMMAND ${Python3_EXECUTABLE} ${SONDE_HOSTILE_DIR}/secrets_masked.py - --list
                OUTPUT_VARIABLE SONDE_HOSTILE_SECRET_CASES OUTPUT_STRIP_TRAILING_WHITESPACE)
foreach(secret_case IN LISTS SONDE_HOSTILE_SECRET_CASES)
  add_test(NAME integration.hostile.secrets_masked.${secret_case}
           COMMAND Python3::Interpreter ${SONDE_HOSTILE_DIR}/secrets_masked.py $<TARGET_FILE:sonde> ${secret_case})
  set_tests_properties(integration.hostile.secrets_masked.${secret_case} PROPERTIES LABELS integration TIMEOUT 300)
endforeach()
