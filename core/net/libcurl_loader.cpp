// Forwarders for the libcurl functions sonde uses, bound with dlsym when first needed. The
// executable is not linked against libcurl (see libcurl_loader.hpp for why), so these
// definitions are the ones the rest of sonde calls.
#define CURL_DISABLE_TYPECHECK  // the typecheck macros would rewrite the definitions below
#include "core/net/libcurl_loader.hpp"

#include <curl/curl.h>
#include <dlfcn.h>

#include <cstdarg>
#include <string>

namespace sonde::net {
namespace {

constexpr const char* k_soname = "libcurl.so.4";

// One list drives the table of pointers and the lookups: adding a function is one line here and
// one forwarder below.
#define SONDE_CURL_FUNCTIONS(X)                                                                       \
  X(curl_global_init) X(curl_version_info) X(curl_free) X(curl_easy_init) X(curl_easy_cleanup)        \
  X(curl_easy_reset)                                                                                  \
  X(curl_easy_setopt) X(curl_easy_getinfo) X(curl_easy_perform) X(curl_easy_strerror)                 \
  X(curl_slist_append) X(curl_slist_free_all) X(curl_multi_init) X(curl_multi_cleanup)                \
  X(curl_multi_setopt) X(curl_multi_add_handle) X(curl_multi_remove_handle) X(curl_multi_perform)     \
  X(curl_multi_poll) X(curl_multi_info_read) X(curl_url) X(curl_url_cleanup) X(curl_url_set)          \
  X(curl_url_get) X(curl_url_strerror) X(curl_easy_send) X(curl_easy_recv) X(curl_easy_pause)         \
  X(curl_multi_socket_action)

struct Api {
#define SONDE_POINTER(name) decltype(&::name) name = nullptr;
  SONDE_CURL_FUNCTIONS(SONDE_POINTER)
#undef SONDE_POINTER
  std::string error;  ///< empty when every function was found
};

Api load() {
  Api api;
  void* lib = ::dlopen(k_soname, RTLD_LAZY | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = ::dlerror();
    api.error = why != nullptr ? why : k_soname;
    return api;
  }
#define SONDE_BIND(name)                                                        \
  api.name = reinterpret_cast<decltype(&::name)>(::dlsym(lib, #name));         \
  if (api.name == nullptr && api.error.empty()) api.error = "no symbol " #name;
  SONDE_CURL_FUNCTIONS(SONDE_BIND)
#undef SONDE_BIND
  return api;
}

// Loaded at most once; a function-local static is thread-safe (replay and time run threads).
const Api& api() {
  static const Api loaded = load();
  return loaded;
}

bool usable() { return api().error.empty(); }

}  // namespace

Result<void> load_libcurl() {
  if (usable()) return {};
  return fail(ErrorKind::runtime, "cannot load libcurl (" + api().error + ")", k_soname,
              "install the libcurl4 package");
}

}  // namespace sonde::net

using sonde::net::usable;

namespace {

const auto& curl() { return sonde::net::api(); }

// The variadic setters take one argument whose type the option number encodes (curl.h's
// CURLOPTTYPE_* ranges, shared by easy and multi options); it is read with that type and passed on.
template <class Handle, class Option, class Code>
Code forward_option(Code (*call)(Handle*, Option, ...), Handle* handle, Option option, va_list args) {
  if (option < CURLOPTTYPE_OBJECTPOINT) return call(handle, option, va_arg(args, long));
  if (option < CURLOPTTYPE_FUNCTIONPOINT) return call(handle, option, va_arg(args, void*));
  if (option < CURLOPTTYPE_OFF_T) return call(handle, option, va_arg(args, void (*)()));
  if (option < CURLOPTTYPE_BLOB) return call(handle, option, va_arg(args, curl_off_t));
  return call(handle, option, va_arg(args, void*));
}

}  // namespace

// Without libcurl every forwarder fails the way libcurl itself reports failure (an error code or
// a null handle), so callers' ordinary error paths apply; load_libcurl() says why.
extern "C" {

CURLcode curl_global_init(long flags) { return usable() ? curl().curl_global_init(flags) : CURLE_FAILED_INIT; }
curl_version_info_data* curl_version_info(CURLversion v) { return usable() ? curl().curl_version_info(v) : nullptr; }
void curl_free(void* p) {
  if (usable()) curl().curl_free(p);
}
CURL* curl_easy_init() { return usable() ? curl().curl_easy_init() : nullptr; }
void curl_easy_cleanup(CURL* h) {
  if (usable()) curl().curl_easy_cleanup(h);
}
void curl_easy_reset(CURL* h) {
  if (usable()) curl().curl_easy_reset(h);
}
CURLcode curl_easy_perform(CURL* h) { return usable() ? curl().curl_easy_perform(h) : CURLE_FAILED_INIT; }
CURLcode curl_easy_send(CURL* h, const void* buffer, size_t length, size_t* sent) {
  return usable() ? curl().curl_easy_send(h, buffer, length, sent) : CURLE_FAILED_INIT;
}
CURLcode curl_easy_recv(CURL* h, void* buffer, size_t length, size_t* received) {
  return usable() ? curl().curl_easy_recv(h, buffer, length, received) : CURLE_FAILED_INIT;
}
CURLcode curl_easy_pause(CURL* h, int bitmask) { return usable() ? curl().curl_easy_pause(h, bitmask) : CURLE_FAILED_INIT; }
const char* curl_easy_strerror(CURLcode c) { return usable() ? curl().curl_easy_strerror(c) : "libcurl not loaded"; }
curl_slist* curl_slist_append(curl_slist* l, const char* s) { return usable() ? curl().curl_slist_append(l, s) : nullptr; }
void curl_slist_free_all(curl_slist* l) {
  if (usable()) curl().curl_slist_free_all(l);
}
CURLM* curl_multi_init() { return usable() ? curl().curl_multi_init() : nullptr; }
CURLMcode curl_multi_cleanup(CURLM* m) { return usable() ? curl().curl_multi_cleanup(m) : CURLM_BAD_HANDLE; }
CURLMcode curl_multi_add_handle(CURLM* m, CURL* h) {
  return usable() ? curl().curl_multi_add_handle(m, h) : CURLM_BAD_HANDLE;
}
CURLMcode curl_multi_remove_handle(CURLM* m, CURL* h) {
  return usable() ? curl().curl_multi_remove_handle(m, h) : CURLM_BAD_HANDLE;
}
CURLMcode curl_multi_perform(CURLM* m, int* running) {
  return usable() ? curl().curl_multi_perform(m, running) : CURLM_BAD_HANDLE;
}
CURLMcode curl_multi_poll(CURLM* m, curl_waitfd extra[], unsigned n, int timeout_ms, int* numfds) {
  return usable() ? curl().curl_multi_poll(m, extra, n, timeout_ms, numfds) : CURLM_BAD_HANDLE;
}
CURLMcode curl_multi_socket_action(CURLM* m, curl_socket_t s, int ev_bitmask, int* running) {
  return usable() ? curl().curl_multi_socket_action(m, s, ev_bitmask, running) : CURLM_BAD_HANDLE;
}
CURLMsg* curl_multi_info_read(CURLM* m, int* left) { return usable() ? curl().curl_multi_info_read(m, left) : nullptr; }
CURLU* curl_url() { return usable() ? curl().curl_url() : nullptr; }
void curl_url_cleanup(CURLU* u) {
  if (usable()) curl().curl_url_cleanup(u);
}
CURLUcode curl_url_set(CURLU* u, CURLUPart part, const char* content, unsigned int flags) {
  return usable() ? curl().curl_url_set(u, part, content, flags) : CURLUE_OUT_OF_MEMORY;
}
CURLUcode curl_url_get(CURLU* u, CURLUPart part, char** out, unsigned int flags) {
  return usable() ? curl().curl_url_get(u, part, out, flags) : CURLUE_OUT_OF_MEMORY;
}
const char* curl_url_strerror(CURLUcode c) { return usable() ? curl().curl_url_strerror(c) : "libcurl not loaded"; }

// curl.h fixes these signatures: the last named parameter is an enum, as in libcurl itself. An
// enum whose underlying type is int promotes to int, so va_start is well defined here; clang
// warns about enums in general.
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wvarargs"
#endif

CURLcode curl_easy_setopt(CURL* h, CURLoption option, ...) {
  if (!usable()) return CURLE_FAILED_INIT;
  va_list args;
  va_start(args, option);
  CURLcode rc = forward_option(curl().curl_easy_setopt, h, option, args);
  va_end(args);
  return rc;
}

CURLMcode curl_multi_setopt(CURLM* m, CURLMoption option, ...) {
  if (!usable()) return CURLM_BAD_HANDLE;
  va_list args;
  va_start(args, option);
  CURLMcode rc = forward_option(curl().curl_multi_setopt, m, option, args);
  va_end(args);
  return rc;
}

// Every CURLINFO_* result argument is a pointer; its pointee type is in the info's type bits.
CURLcode curl_easy_getinfo(CURL* h, CURLINFO info, ...) {
  if (!usable()) return CURLE_FAILED_INIT;
  va_list args;
  va_start(args, info);
  CURLcode rc = CURLE_BAD_FUNCTION_ARGUMENT;
  switch (info & CURLINFO_TYPEMASK) {
    case CURLINFO_STRING: rc = curl().curl_easy_getinfo(h, info, va_arg(args, char**)); break;
    case CURLINFO_LONG: rc = curl().curl_easy_getinfo(h, info, va_arg(args, long*)); break;
    case CURLINFO_DOUBLE: rc = curl().curl_easy_getinfo(h, info, va_arg(args, double*)); break;
    case CURLINFO_SOCKET: rc = curl().curl_easy_getinfo(h, info, va_arg(args, curl_socket_t*)); break;
    case CURLINFO_OFF_T: rc = curl().curl_easy_getinfo(h, info, va_arg(args, curl_off_t*)); break;
    default: rc = curl().curl_easy_getinfo(h, info, va_arg(args, void*)); break;  // slists, certinfo
  }
  va_end(args);
  return rc;
}

}  // extern "C"
