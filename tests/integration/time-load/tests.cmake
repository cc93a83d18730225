# sonde time under load (--duration, --rate): each case starts its own python3 server on a free
# loopback port (check_load.py), so the cases need no shared fixture and run in parallel.
set(_load_dir ${CMAKE_CURRENT_SOURCE_DIR}/integration/time-load)
foreach(case IN ITEMS rate stall resets gates json sigint usage)
  add_test(NAME integration.time-load.${case}
           COMMAND Python3::Interpreter ${_load_dir}/check_load.py $<TARGET_FILE:sonde> ${case})
  set_tests_properties(integration.time-load.${case} PROPERTIES LABELS integration TIMEOUT 120)
endforeach()
# The rate case holds its timetable for 10 s: start it early rather than last. The cases that
# judge timing (and time's phase-mark cases, which time known delays) never overlap each other.
set_tests_properties(integration.time-load.rate PROPERTIES COST 100)
set_tests_properties(integration.time-load.rate integration.time-load.stall PROPERTIES RESOURCE_LOCK loopback_timing)
