# README command A's tour, run with the binary under test, so the first thing a new user sees
# keeps working: diff finds the breaking changes, check finds the planted violation in the mock,
# time measures it, replay gets through injected 503s with one idempotency key. Each case also
# checks that the tour leaves no process running, after a full run and after an interrupt.
add_test(NAME integration.demo.tour
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/tour.sh $<TARGET_FILE:sonde> ${PROJECT_SOURCE_DIR})
set_tests_properties(integration.demo.tour PROPERTIES LABELS integration TIMEOUT 120)
foreach(how IN ITEMS ctrl-c term)
  add_test(NAME integration.demo.interrupt.${how}
           COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/interrupt.py $<TARGET_FILE:sonde>
                   ${PROJECT_SOURCE_DIR} ${how})
  set_tests_properties(integration.demo.interrupt.${how} PROPERTIES LABELS integration TIMEOUT 120)
endforeach()
