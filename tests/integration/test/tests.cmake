# sonde test: the conformance corpus (integration/test/cases/*.hurl with golden .out files) run
# against a python3 stdlib server of our own on a loopback port, started and stopped by CTest.
set(SONDE_TEST_DIR ${CMAKE_CURRENT_SOURCE_DIR}/integration/test)
set(SONDE_TEST_STATE ${CMAKE_CURRENT_BINARY_DIR}/test-server)

add_test(NAME integration.test.server.start COMMAND Python3::Interpreter ${SONDE_TEST_DIR}/server.py start ${SONDE_TEST_STATE})
add_test(NAME integration.test.server.stop COMMAND Python3::Interpreter ${SONDE_TEST_DIR}/server.py stop ${SONDE_TEST_STATE})
set_tests_properties(integration.test.server.start PROPERTIES FIXTURES_SETUP sonde_test_server LABELS integration)
set_tests_properties(integration.test.server.stop PROPERTIES FIXTURES_CLEANUP sonde_test_server LABELS integration)

file(GLOB SONDE_TEST_CASES CONFIGURE_DEPENDS ${SONDE_TEST_DIR}/cases/*.hurl ${SONDE_TEST_DIR}/cases/*.http)
foreach(case_file IN LISTS SONDE_TEST_CASES)
  get_filename_component(case ${case_file} NAME_WE)
  add_test(NAME integration.test.${case}
           COMMAND Python3::Interpreter ${SONDE_TEST_DIR}/run_case.py $<TARGET_FILE:sonde> ${SONDE_TEST_STATE} ${case})
  set_tests_properties(integration.test.${case} PROPERTIES FIXTURES_REQUIRED sonde_test_server LABELS integration
                       TIMEOUT 120)
endforeach()

foreach(case IN ITEMS reports shards parallel tour html html-browser)
  add_test(NAME integration.test.files.${case}
           COMMAND Python3::Interpreter ${SONDE_TEST_DIR}/reports.py $<TARGET_FILE:sonde> ${SONDE_TEST_STATE} ${case})
  set_tests_properties(integration.test.files.${case} PROPERTIES FIXTURES_REQUIRED sonde_test_server LABELS integration
                       TIMEOUT 120)
endforeach()
# Headless Chromium may be missing on a developer's machine: the test says so and is skipped.
set_tests_properties(integration.test.files.html-browser PROPERTIES SKIP_RETURN_CODE 77)
