# sonde dns against its own DNS hierarchy: knotd + nsd on 127.54.x.x port 53 and a silent
# listener, started and stopped by hierarchy.sh (needs root; skips with exit 77 otherwise).
set(SONDE_DNS_RUN ${CMAKE_CURRENT_BINARY_DIR}/dns-hierarchy)
set(SONDE_DNS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/integration/dns)

add_test(NAME integration.dns.start COMMAND bash ${SONDE_DNS_DIR}/hierarchy.sh start ${SONDE_DNS_RUN})
add_test(NAME integration.dns.stop COMMAND bash ${SONDE_DNS_DIR}/hierarchy.sh stop ${SONDE_DNS_RUN})
set_tests_properties(integration.dns.start PROPERTIES FIXTURES_SETUP dns_hierarchy LABELS integration
                     SKIP_RETURN_CODE 77 TIMEOUT 60 RESOURCE_LOCK dns_hierarchy_ports)
set_tests_properties(integration.dns.stop PROPERTIES FIXTURES_CLEANUP dns_hierarchy LABELS integration
                     TIMEOUT 30)

foreach(case IN ITEMS plain aaaa cname_in_zone cname_chain glueless no_system_resolver compare dangling
                      nxdomain nxdomain_root nodata empty_non_terminal lame slow forged_replies all_lame tcp_fallback
                      record_types dnssec_types unknown_type reports reverse server all_servers_consistent nsid several_types)
  add_test(NAME integration.dns.${case}
           COMMAND Python3::Interpreter ${SONDE_DNS_DIR}/check.py --sonde $<TARGET_FILE:sonde>
                   --run ${SONDE_DNS_RUN} ${case})
  set_tests_properties(integration.dns.${case} PROPERTIES FIXTURES_REQUIRED dns_hierarchy LABELS integration
                       SKIP_RETURN_CODE 77 TIMEOUT 120)
endforeach()

# --server over DoH and DoT, against resolvers the test starts itself (no root, no hierarchy).
add_test(NAME integration.dns.encrypted COMMAND Python3::Interpreter ${SONDE_DNS_DIR}/encrypted_case.py $<TARGET_FILE:sonde>)
set_tests_properties(integration.dns.encrypted PROPERTIES LABELS integration TIMEOUT 120)
