# sonde replay against a python3 stdlib test server of our own (tests/integration/replay/server.py)
# on a loopback port the kernel picks; the fixture starts it and stops it by PID.
set(SONDE_REPLAY_DIR ${CMAKE_CURRENT_SOURCE_DIR}/integration/replay)
set(SONDE_REPLAY_STATE ${CMAKE_CURRENT_BINARY_DIR}/replay-server)

add_test(NAME integration.replay.server.start
         COMMAND Python3::Interpreter ${SONDE_REPLAY_DIR}/control.py start ${SONDE_REPLAY_STATE})
add_test(NAME integration.replay.server.stop
         COMMAND Python3::Interpreter ${SONDE_REPLAY_DIR}/control.py stop ${SONDE_REPLAY_STATE})
set_tests_properties(integration.replay.server.start PROPERTIES FIXTURES_SETUP replay_server LABELS integration)
set_tests_properties(integration.replay.server.stop PROPERTIES FIXTURES_CLEANUP replay_server LABELS integration)

execute_process(COMMAND ${Python3_EXECUTABLE} ${SONDE_REPLAY_DIR}/cases.py - - --list
                OUTPUT_VARIABLE SONDE_REPLAY_CASES OUTPUT_STRIP_TRAILING_WHITESPACE)
foreach(replay_case IN LISTS SONDE_REPLAY_CASES)
  add_test(NAME integration.replay.${replay_case}
           COMMAND Python3::Interpreter ${SONDE_REPLAY_DIR}/cases.py $<TARGET_FILE:sonde> ${SONDE_REPLAY_STATE} ${replay_case})
  set_tests_properties(integration.replay.${replay_case} PROPERTIES
                       FIXTURES_REQUIRED replay_server LABELS integration TIMEOUT 150)
endforeach()

# Extra checks against the reference lab (../shared/labs/http) when it is already running; they
# never start it (its ports are shared) and skip with exit 77 and the reason when it is absent.
execute_process(COMMAND ${Python3_EXECUTABLE} ${SONDE_REPLAY_DIR}/lab_check.py - --list
                OUTPUT_VARIABLE SONDE_REPLAY_LAB_CASES OUTPUT_STRIP_TRAILING_WHITESPACE)
foreach(lab_case IN LISTS SONDE_REPLAY_LAB_CASES)
  add_test(NAME integration.replay.${lab_case}
           COMMAND Python3::Interpreter ${SONDE_REPLAY_DIR}/lab_check.py $<TARGET_FILE:sonde> ${lab_case})
  set_tests_properties(integration.replay.${lab_case} PROPERTIES
                       LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()

# Redirects in replay (curl -L, .http files): credentials stay on their origin (issue 20 item 1).
add_test(NAME integration.replay.redirect_credentials
         COMMAND Python3::Interpreter ${SONDE_REPLAY_DIR}/redirect_credentials.py $<TARGET_FILE:sonde>)
set_tests_properties(integration.replay.redirect_credentials PROPERTIES LABELS integration TIMEOUT 120)
