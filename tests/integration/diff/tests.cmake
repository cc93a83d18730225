# sonde diff against the real corpus in ../shared/corpus/openapi (Stripe, GitHub, OAI examples).
# Too slow for the unit label in a Debug build, so the Catch cases are hidden ([.corpus]) and run here.
add_test(NAME diff.corpus COMMAND sonde_unit_tests "[.corpus]")
set_tests_properties(diff.corpus PROPERTIES LABELS "corpus" TIMEOUT 600)
