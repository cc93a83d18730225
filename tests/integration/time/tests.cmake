# sonde time against real servers: nginx (Debian) with a CA and leaf certificates made by openssl at
# test time, on free loopback ports; a python3 upstream for /delay/MS. See integration/time/server.sh.
set(SONDE_TIME_FIXTURE_DIR ${CMAKE_CURRENT_BINARY_DIR}/time-servers)
set(SONDE_TIME_DIR ${CMAKE_CURRENT_SOURCE_DIR}/integration/time)

add_test(NAME integration.time.servers.start COMMAND bash ${SONDE_TIME_DIR}/server.sh start ${SONDE_TIME_FIXTURE_DIR})
set_tests_properties(integration.time.servers.start PROPERTIES FIXTURES_SETUP time_servers LABELS integration
                     SKIP_RETURN_CODE 77 TIMEOUT 60)
add_test(NAME integration.time.servers.stop COMMAND bash ${SONDE_TIME_DIR}/server.sh stop ${SONDE_TIME_FIXTURE_DIR})
set_tests_properties(integration.time.servers.stop PROPERTIES FIXTURES_CLEANUP time_servers LABELS integration)

foreach(case IN ITEMS phases tls12 redirects cross_scheme_redirect redirect_credentials redirect_loop_deadline delay gate tls_failures warm concurrency_h2 concurrency_redirects
                      concurrency_h1 resolve_and_print_curl post_body mtls proxy_and_connect_to timeout
                      ipv6 load_https load_h2_streams)
  add_test(NAME integration.time.${case}
           COMMAND Python3::Interpreter ${SONDE_TIME_DIR}/check_time.py $<TARGET_FILE:sonde>
                   ${SONDE_TIME_FIXTURE_DIR}/env ${case})
  set_tests_properties(integration.time.${case} PROPERTIES FIXTURES_REQUIRED time_servers LABELS integration
                       SKIP_RETURN_CODE 77 TIMEOUT 120)
endforeach()

# Which events bound connect, tls and wait: a proxy delays the server's ServerHello and its Finished
# by known times (check_phase_marks.py, flight_delay_proxy.py); curl -w is held to the same split.
foreach(case IN ITEMS tls13 tls12)
  add_test(NAME integration.time.phase_marks_${case}
           COMMAND Python3::Interpreter ${SONDE_TIME_DIR}/check_phase_marks.py $<TARGET_FILE:sonde>
                   ${SONDE_TIME_FIXTURE_DIR}/env ${case})
  set_tests_properties(integration.time.phase_marks_${case} PROPERTIES FIXTURES_REQUIRED time_servers
                       LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120 RESOURCE_LOCK loopback_timing)
endforeach()

# Golden waterfall cases need the same servers; they find them through SONDE_TIME_ENV.
foreach(case IN ITEMS time-waterfall time-redirect-hops time-expired)
  if(TEST golden.${case})
    set_tests_properties(golden.${case} PROPERTIES FIXTURES_REQUIRED time_servers
                         ENVIRONMENT SONDE_TIME_ENV=${SONDE_TIME_FIXTURE_DIR}/env)
  endif()
endforeach()
