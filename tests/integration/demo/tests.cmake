# README command A's tour, run with the binary under test, so the first thing a new user sees
# keeps working: diff finds the breaking changes, check finds the planted violation in the mock,
# time measures it, replay gets through injected 503s with one idempotency key.
add_test(NAME integration.demo.tour
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/tour.sh $<TARGET_FILE:sonde> ${PROJECT_SOURCE_DIR})
set_tests_properties(integration.demo.tour PROPERTIES LABELS integration TIMEOUT 120)
