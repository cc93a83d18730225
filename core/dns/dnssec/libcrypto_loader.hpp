#pragma once
/// OpenSSL's libcrypto is loaded on first use (dlopen of its SONAME), as libcurl and libxml2 are
/// (core/net/libcurl_loader.hpp): only `sonde dns --dnssec` verifies signatures, and mapping
/// libcrypto at every start would cost every other command.
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "core/util/error.hpp"

namespace sonde::dns::dnssec {

// One list drives the table and the lookups: adding a function is one line here.
#define SONDE_LIBCRYPTO_FUNCTIONS(X)                                                                 \
  X(EVP_PKEY_new_raw_public_key) X(EVP_PKEY_free) X(EVP_PKEY_CTX_new_from_name) X(EVP_PKEY_CTX_free) \
  X(EVP_PKEY_fromdata_init) X(EVP_PKEY_fromdata) X(OSSL_PARAM_BLD_new) X(OSSL_PARAM_BLD_free)         \
  X(OSSL_PARAM_BLD_push_BN) X(OSSL_PARAM_BLD_push_utf8_string) X(OSSL_PARAM_BLD_push_octet_string)    \
  X(OSSL_PARAM_BLD_to_param) X(OSSL_PARAM_free) X(BN_bin2bn) X(BN_free) X(EVP_MD_CTX_new)             \
  X(EVP_MD_CTX_free) X(EVP_DigestVerifyInit) X(EVP_DigestVerify) X(EVP_Digest) X(EVP_sha1)            \
  X(EVP_sha256) X(EVP_sha384) X(EVP_sha512) X(ECDSA_SIG_new) X(ECDSA_SIG_set0) X(ECDSA_SIG_free)     \
  X(i2d_ECDSA_SIG)

/// The libcrypto functions sonde calls, bound once.
struct LibCrypto {
#define SONDE_LIBCRYPTO_POINTER(name) decltype(&::name) name = nullptr;
  SONDE_LIBCRYPTO_FUNCTIONS(SONDE_LIBCRYPTO_POINTER)
#undef SONDE_LIBCRYPTO_POINTER
};

/// Loads libcrypto once (thread-safe); an Error (runtime) naming the library when it cannot be
/// loaded or lacks a function. Later calls return the first outcome.
Result<const LibCrypto*> libcrypto();

}  // namespace sonde::dns::dnssec
