# Hostile input over the network (issue 19), each against a python3 server inside the test script
# on a loopback port of its own (no fixture): misbehaving HTTP servers against every subcommand
# that speaks HTTP, a $ref to a URL that must never be fetched, credentials masked in every output.
set(SONDE_HOSTILE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/integration/hostile)

# One CTest test per case that SCRIPT lists with `SCRIPT - --list`.
function(sonde_hostile_cases script prefix timeout)
  execute_process(COMMAND ${Python3_EXECUTABLE} ${SONDE_HOSTILE_DIR}/${script} - --list
                  OUTPUT_VARIABLE cases OUTPUT_STRIP_TRAILING_WHITESPACE)
  foreach(case IN LISTS cases)
    add_test(NAME integration.hostile.${prefix}.${case}
             COMMAND Python3::Interpreter ${SONDE_HOSTILE_DIR}/${script} $<TARGET_FILE:sonde> ${case})
    set_tests_properties(integration.hostile.${prefix}.${case} PROPERTIES LABELS integration TIMEOUT ${timeout})
  endforeach()
endfunction()

sonde_hostile_cases(http_misbehaviour.py http 180)
sonde_hostile_cases(secrets_masked.py secrets_masked 300)

add_test(NAME integration.hostile.url_ref_not_fetched
         COMMAND Python3::Interpreter ${SONDE_HOSTILE_DIR}/url_ref_not_fetched.py $<TARGET_FILE:sonde>)
set_tests_properties(integration.hostile.url_ref_not_fetched PROPERTIES LABELS integration TIMEOUT 180)
