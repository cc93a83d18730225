# Request sources (curl lines, .http files, HAR): each case under integration/sources/cases/
# <source>/<name>/ runs sonde against an echo server the runner starts on a kernel-picked loopback
# port, and compares what arrived (method, target, headers, body bytes) with expect.json.
set(SONDE_SOURCES_DIR ${CMAKE_CURRENT_SOURCE_DIR}/integration/sources)
file(GLOB SONDE_SOURCES_CASES CONFIGURE_DEPENDS LIST_DIRECTORIES true ${SONDE_SOURCES_DIR}/cases/*/*)
foreach(case_dir IN LISTS SONDE_SOURCES_CASES)
  if(IS_DIRECTORY ${case_dir} AND EXISTS ${case_dir}/cmd)
    file(RELATIVE_PATH case_name ${SONDE_SOURCES_DIR}/cases ${case_dir})
    string(REPLACE "/" "." case_name ${case_name})
    add_test(NAME integration.sources.${case_name}
             COMMAND Python3::Interpreter ${SONDE_SOURCES_DIR}/run_case.py $<TARGET_FILE:sonde> ${case_dir})
    set_tests_properties(integration.sources.${case_name} PROPERTIES LABELS integration TIMEOUT 90)
  endif()
endforeach()
