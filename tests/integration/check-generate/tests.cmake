# sonde check --generate against target.py (tests/integration/check-generate): a correct twin and
# a buggy twin with nine planted bugs, both started by CTest on loopback ports.
set(_gen_dir ${CMAKE_CURRENT_SOURCE_DIR}/integration/check-generate)
set(_gen_state ${CMAKE_CURRENT_BINARY_DIR}/check-generate)
foreach(mode IN ITEMS buggy correct)
  add_test(NAME check.generate.server.${mode}.start
           COMMAND Python3::Interpreter ${_gen_dir}/target.py start ${_gen_state}/${mode} ${mode})
  add_test(NAME check.generate.server.${mode}.stop
           COMMAND Python3::Interpreter ${_gen_dir}/target.py stop ${_gen_state}/${mode})
  set_tests_properties(check.generate.server.${mode}.start PROPERTIES FIXTURES_SETUP generate_${mode} LABELS integration)
  set_tests_properties(check.generate.server.${mode}.stop PROPERTIES FIXTURES_CLEANUP generate_${mode} LABELS integration)
endforeach()
add_test(NAME check.generate.target_selfcheck COMMAND Python3::Interpreter ${_gen_dir}/selfcheck.py)
set_tests_properties(check.generate.target_selfcheck PROPERTIES LABELS integration TIMEOUT 60)
foreach(case IN ITEMS planted correct deterministic auth-login)
  add_test(NAME check.generate.${case}
           COMMAND Python3::Interpreter ${_gen_dir}/run_generate.py $<TARGET_FILE:sonde> ${_gen_state} ${case})
  set_tests_properties(check.generate.${case} PROPERTIES FIXTURES_REQUIRED "generate_buggy;generate_correct"
                       LABELS integration TIMEOUT 300)
endforeach()
