# sonde dns --dnssec against its own signed lab: knotd on 127.57.x.x port 53 serving zones that
# lab.sh signs at start with dnssec-signzone, some broken on purpose; every verdict is compared
# with BIND's delv on the same question (needs root; skips with exit 77 otherwise).
set(SONDE_DNSSEC_RUN ${CMAKE_CURRENT_BINARY_DIR}/dnssec-lab)
set(SONDE_DNSSEC_DIR ${CMAKE_CURRENT_SOURCE_DIR}/integration/dnssec)

add_test(NAME integration.dnssec.start COMMAND bash ${SONDE_DNSSEC_DIR}/lab.sh start ${SONDE_DNSSEC_RUN})
add_test(NAME integration.dnssec.stop COMMAND bash ${SONDE_DNSSEC_DIR}/lab.sh stop ${SONDE_DNSSEC_RUN})
set_tests_properties(integration.dnssec.start PROPERTIES FIXTURES_SETUP dnssec_lab LABELS integration
                     SKIP_RETURN_CODE 77 TIMEOUT 120)
set_tests_properties(integration.dnssec.stop PROPERTIES FIXTURES_CLEANUP dnssec_lab LABELS integration TIMEOUT 30)

foreach(case IN ITEMS secure nxdomain nodata wildcard insecure_delegation ds_matches_no_key expired not_yet_valid
                      altered missing_rrsig nodata_without_nsec hidden_insecure_cut optout_delegation optout_nxdomain
                      builtin_anchor dnskey_anchor bad_anchor text)
  add_test(NAME integration.dnssec.${case}
           COMMAND Python3::Interpreter ${SONDE_DNSSEC_DIR}/check.py --sonde $<TARGET_FILE:sonde>
                   --run ${SONDE_DNSSEC_RUN} ${case})
  set_tests_properties(integration.dnssec.${case} PROPERTIES FIXTURES_REQUIRED dnssec_lab LABELS integration
                       SKIP_RETURN_CODE 77 TIMEOUT 120)
endforeach()
