# sonde check against real HTTP servers on loopback (tests/integration/check/server.py): one
# serving specs/petstore-check.yaml correctly, one breaking it on purpose.
set(_check_dir ${CMAKE_CURRENT_SOURCE_DIR}/integration/check)
set(_check_spec ${PROJECT_SOURCE_DIR}/specs/petstore-check.yaml)
set(_check_state ${CMAKE_CURRENT_BINARY_DIR}/check-servers)

foreach(mode IN ITEMS good bad)
  add_test(NAME check.server.${mode}.start
           COMMAND Python3::Interpreter ${_check_dir}/server_ctl.py start ${_check_state}/${mode} ${mode})
  add_test(NAME check.server.${mode}.stop
           COMMAND Python3::Interpreter ${_check_dir}/server_ctl.py stop ${_check_state}/${mode})
  set_tests_properties(check.server.${mode}.start PROPERTIES FIXTURES_SETUP check_${mode} LABELS integration)
  set_tests_properties(check.server.${mode}.stop PROPERTIES FIXTURES_CLEANUP check_${mode} LABELS integration)
endforeach()

# name mode exit check args...
function(sonde_check_case name mode expected check)
  add_test(NAME check.${name}
           COMMAND Python3::Interpreter ${_check_dir}/run_case.py $<TARGET_FILE:sonde> ${_check_state}/${mode}
                   ${expected} ${check} -- --spec ${_check_spec} ${ARGN})
  set_tests_properties(check.${name} PROPERTIES FIXTURES_REQUIRED check_${mode} LABELS integration
                       SKIP_RETURN_CODE 77 TIMEOUT 60)
endfunction()

sonde_check_case(live-good good 0
  "out['summary']['passed']==5 and out['summary']['failed']==0 and out['summary']['coverage']['operations']==5"
  --base-url {base} -H "Authorization: Bearer t0k")
sonde_check_case(live-without-credentials good 0
  "any(r['operation']=='GET /owners/{ownerId}' and r['status']==401 for r in out['results'])"
  --base-url {base} --tag owners)
sonde_check_case(live-credentials-from-environment good 0
  "[r['status'] for r in out['results']]==[200]"
  --base-url {base} --tag owners)
set_tests_properties(check.live-credentials-from-environment PROPERTIES
                     ENVIRONMENT "SONDE_CHECK_HEADERS=X-Trace: 1\nAuthorization: Bearer t0k")
sonde_check_case(live-unsafe good 0
  "[r['status'] for r in out['results']]==[201]"
  --base-url {base} --operation createPet --include-unsafe)
sonde_check_case(live-bad bad 1
  "out['summary']['failed']==6 and all(r['violations'] for r in out['results'])"
  --base-url {base} --include-unsafe -H "Authorization: Bearer t0k")
sonde_check_case(live-bad-body bad 1
  "[(v['kind'],v['pointer'],v['keyword']) for r in out['results'] if r['operation']=='GET /pets' for v in r['violations']]==[('header',None,'required'),('body','/1/name','type')]"
  --base-url {base} --operation listPets)
sonde_check_case(live-bad-discriminator bad 1
  "[(v['pointer'],v['schema']) for v in out['results'][0]['violations']]==[('/bark','#/components/schemas/Dog/allOf/1/properties/bark/type'),('/bark','#/components/schemas/Dog/allOf/1/properties/bark/enum')]"
  --base-url {base} --operation getPet)
sonde_check_case(live-bad-kinds bad 1
  "sorted(v['kind'] for r in out['results'] for v in r['violations'] if r['operation'] in ('POST /pets','GET /owners/{ownerId}','GET /pets/mine'))==['content-type','server-error','status','status']"
  --base-url {base} --include-unsafe -H "Authorization: Bearer t0k" --operation createPet --operation getOwner --operation myPets)
sonde_check_case(live-bad-bigint bad 1
  "[(v['pointer'],v['keyword']) for v in out['results'][0]['violations']]==[('/total/amount','maximum')]"
  --base-url {base} --operation getOrder)
# One request times out (--max-time), the other passes: a JUnit/JSON error for it and exit 4.
sonde_check_case(live-timeout good 4
  "out['summary']['passed']==1 and len(out['errors'])==1 and out['errors'][0]['operation']=='GET /orders/{orderId}'"
  --base-url {base} --tag orders --tag owners --max-time 1 -H "X-Slow-Path: /v1/orders/A-1")
# Nothing listens on the port of a stopped server: exit 4.
add_test(NAME check.live-unreachable
         COMMAND Python3::Interpreter ${_check_dir}/run_case.py $<TARGET_FILE:sonde> ${_check_state}/none 4 -
                 -- --spec ${_check_spec} --base-url http://127.0.0.1:9/v1 --operation getPet --max-time 5)
set_tests_properties(check.live-unreachable PROPERTIES LABELS integration TIMEOUT 30)

# Every description of the shared corpus compiles (the unit suite reads only the newest per source).
add_test(NAME check.corpus-all COMMAND sonde_unit_tests "[.corpus-all]")
set_tests_properties(check.corpus-all PROPERTIES LABELS "integration;corpus" TIMEOUT 300)

# sonde check --proxy between clients and the wrong server: forwarding, live lines, reports, --errors.
add_test(NAME check.proxy COMMAND Python3::Interpreter ${_check_dir}/proxy_case.py $<TARGET_FILE:sonde>
         ${_check_state}/good ${_check_state}/bad ${_check_spec})
set_tests_properties(check.proxy PROPERTIES FIXTURES_REQUIRED "check_good;check_bad" LABELS integration TIMEOUT 120)

# The same through libcurl, which carries https and host names (plain http to an address goes by
# the proxy's own client unless asked otherwise).
add_test(NAME check.proxy-libcurl COMMAND Python3::Interpreter ${_check_dir}/proxy_case.py $<TARGET_FILE:sonde>
         ${_check_state}/good ${_check_state}/bad ${_check_spec})
set_tests_properties(check.proxy-libcurl PROPERTIES FIXTURES_REQUIRED "check_good;check_bad" LABELS integration
                     TIMEOUT 120 ENVIRONMENT SONDE_PROXY_UPSTREAM_CLIENT=libcurl)

# The proxy's upstream client against an upstream scripted byte by byte (its own server): answer
# framings, 1xx, connection reuse and a dropped kept-alive connection, answers it cannot pass on.
# Once with the proxy's own client, once with libcurl: both must behave alike.
add_test(NAME check.proxy-upstream COMMAND Python3::Interpreter ${_check_dir}/proxy_upstream.py $<TARGET_FILE:sonde>
         ${_check_spec} own)
set_tests_properties(check.proxy-upstream PROPERTIES LABELS integration TIMEOUT 120)
add_test(NAME check.proxy-upstream-libcurl COMMAND Python3::Interpreter ${_check_dir}/proxy_upstream.py
         $<TARGET_FILE:sonde> ${_check_spec} libcurl)
set_tests_properties(check.proxy-upstream-libcurl PROPERTIES LABELS integration TIMEOUT 120)

# The proxy's own HTTP/1.1 server with raw sockets: pipelining, HTTP/1.0, refused framing, 408/431.
add_test(NAME check.proxy-protocol COMMAND Python3::Interpreter ${_check_dir}/proxy_protocol.py $<TARGET_FILE:sonde>
         ${_check_state}/good ${_check_spec})
set_tests_properties(check.proxy-protocol PROPERTIES FIXTURES_REQUIRED check_good LABELS integration TIMEOUT 120)

# A long-running proxy's memory stays flat: results go to a scratch file until the reports.
set(_sanitized "")
if(SONDE_SANITIZE)
  set(_sanitized --sanitized)
endif()
add_test(NAME check.proxy-memory COMMAND Python3::Interpreter ${_check_dir}/proxy_memory.py $<TARGET_FILE:sonde>
         ${_check_state}/good ${_check_spec} ${_sanitized})
set_tests_properties(check.proxy-memory PROPERTIES FIXTURES_REQUIRED check_good LABELS integration TIMEOUT 120
                     SKIP_RETURN_CODE 77)

# HTTP/2 to clients (h2c, prior knowledge) on the mock and the proxy, with a real HTTP/2 client.
add_test(NAME check.h2c COMMAND Python3::Interpreter ${_check_dir}/h2c_case.py $<TARGET_FILE:sonde>
         ${_check_state}/good ${_check_spec})
set_tests_properties(check.h2c PROPERTIES FIXTURES_REQUIRED check_good LABELS integration TIMEOUT 120)
