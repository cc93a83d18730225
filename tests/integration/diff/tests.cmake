# sonde diff suites beyond the unit label.
#
# diff.corpus: the real corpus in ../shared/corpus/openapi (Stripe, GitHub, OAI examples). Too slow
# for the unit label in a Debug build, so its Catch cases are hidden ([.corpus]) and run here.
add_test(NAME diff.corpus COMMAND sonde_unit_tests "[.corpus]")
set_tests_properties(diff.corpus PROPERTIES LABELS "corpus" TIMEOUT 600)

# diff.remote_refs: remote $refs against a real HTTP server on 127.0.0.1 (port 0), started and
# stopped by fixtures; the test checks the server sees no request unless --allow-remote-refs.
set(SONDE_DIFF_REMOTE_STATE ${CMAKE_CURRENT_BINARY_DIR}/diff-remote)
add_test(NAME diff.remote_server_start
         COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/integration/diff/serve.py start
                 ${CMAKE_CURRENT_SOURCE_DIR}/integration/diff/remote ${SONDE_DIFF_REMOTE_STATE})
add_test(NAME diff.remote_server_stop
         COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/integration/diff/serve.py stop
                 ${SONDE_DIFF_REMOTE_STATE})
add_test(NAME diff.remote_refs
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/diff/remote_refs.sh $<TARGET_FILE:sonde>
                 ${SONDE_DIFF_REMOTE_STATE})
set_tests_properties(diff.remote_server_start PROPERTIES FIXTURES_SETUP diff_remote LABELS integration)
set_tests_properties(diff.remote_server_stop PROPERTIES FIXTURES_CLEANUP diff_remote LABELS integration)
set_tests_properties(diff.remote_refs PROPERTIES FIXTURES_REQUIRED diff_remote LABELS integration
                     SKIP_RETURN_CODE 77 TIMEOUT 60)

# diff.git_revisions: REV:path inputs in a git repository the test makes in a temporary folder.
add_test(NAME diff.git_revisions
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/diff/git_revisions.sh $<TARGET_FILE:sonde>)
set_tests_properties(diff.git_revisions PROPERTIES LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 60)

# diff.composed: --composed file patterns over an API split across files, in a temporary folder.
add_test(NAME diff.composed
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/diff/composed.sh $<TARGET_FILE:sonde>)
set_tests_properties(diff.composed PROPERTIES LABELS integration TIMEOUT 60)
