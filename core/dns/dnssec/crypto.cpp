#include "core/dns/dnssec/crypto.hpp"

#include <memory>

#include "core/dns/dnssec/libcrypto_loader.hpp"

namespace sonde::dns::dnssec {

namespace {

enum class Family { rsa, ecdsa, eddsa, none };

struct Algorithm {
  std::uint8_t number;
  const char* name;
  Family family;
  int digest_bits;       ///< of the hash signed (RSA, ECDSA)
  std::size_t key_size;  ///< raw public key bytes (ECDSA X||Y, EdDSA); 0 for RSA
};

constexpr Algorithm k_algorithms[] = {
    {5, "RSASHA1", Family::rsa, 1, 0},
    {7, "RSASHA1-NSEC3-SHA1", Family::rsa, 1, 0},
    {8, "RSASHA256", Family::rsa, 256, 0},
    {10, "RSASHA512", Family::rsa, 512, 0},
    {13, "ECDSAP256SHA256", Family::ecdsa, 256, 64},
    {14, "ECDSAP384SHA384", Family::ecdsa, 384, 96},
    {15, "ED25519", Family::eddsa, 0, 32},
    {16, "ED448", Family::eddsa, 0, 57},
};

const Algorithm* find(std::uint8_t number) {
  for (const auto& a : k_algorithms) {
    if (a.number == number) return &a;
  }
  return nullptr;
}

const EVP_MD* md_for(const LibCrypto& c, int bits) {
  switch (bits) {
    case 1: return c.EVP_sha1();
    case 256: return c.EVP_sha256();
    case 384: return c.EVP_sha384();
    case 512: return c.EVP_sha512();
    default: return nullptr;
  }
}

// EVP_PKEY_free through the loaded table (libcrypto is not linked).
struct Deleters {
  const LibCrypto* c;
  void operator()(EVP_PKEY* p) const { c->EVP_PKEY_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleters>;

// A public key from parameters (RSA, EC) with OpenSSL 3's EVP_PKEY_fromdata. The builder keeps
// pointers to what was pushed, so the caller's values live until this returns.
Key from_params(const LibCrypto& c, const char* type, OSSL_PARAM_BLD* bld) {
  EVP_PKEY* pkey = nullptr;
  if (OSSL_PARAM* params = c.OSSL_PARAM_BLD_to_param(bld)) {
    EVP_PKEY_CTX* ctx = c.EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
    if (ctx != nullptr && c.EVP_PKEY_fromdata_init(ctx) == 1) c.EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
    if (ctx != nullptr) c.EVP_PKEY_CTX_free(ctx);
    c.OSSL_PARAM_free(params);
  }
  return Key(pkey, Deleters{&c});
}

// RFC 3110 §2: exponent length (1 byte, or 0 then 2 bytes), exponent, modulus.
Key rsa_key(const LibCrypto& c, std::span<const std::uint8_t> key) {
  Key none(nullptr, Deleters{&c});
  if (key.size() < 3) return none;
  std::size_t exp_len = key[0];
  std::size_t at = 1;
  if (exp_len == 0) {
    exp_len = (std::size_t{key[1]} << 8) | key[2];
    at = 3;
  }
  if (exp_len == 0 || at + exp_len >= key.size()) return none;
  const auto e = key.subspan(at, exp_len);
  const auto n = key.subspan(at + exp_len);
  BIGNUM* n_bn = c.BN_bin2bn(n.data(), static_cast<int>(n.size()), nullptr);
  BIGNUM* e_bn = c.BN_bin2bn(e.data(), static_cast<int>(e.size()), nullptr);
  OSSL_PARAM_BLD* bld = c.OSSL_PARAM_BLD_new();
  Key out = std::move(none);
  if (n_bn != nullptr && e_bn != nullptr && bld != nullptr && c.OSSL_PARAM_BLD_push_BN(bld, "n", n_bn) == 1 &&
      c.OSSL_PARAM_BLD_push_BN(bld, "e", e_bn) == 1) {
    out = from_params(c, "RSA", bld);
  }
  c.OSSL_PARAM_BLD_free(bld);
  c.BN_free(n_bn);
  c.BN_free(e_bn);
  return out;
}

// RFC 6605 §4: the key is X||Y; OpenSSL takes the uncompressed point 0x04||X||Y.
Key ec_key(const LibCrypto& c, std::span<const std::uint8_t> key, const char* group) {
  std::vector<std::uint8_t> point{0x04};
  point.insert(point.end(), key.begin(), key.end());
  std::string group_name = group;  // the builder keeps the pointer until to_param
  OSSL_PARAM_BLD* bld = c.OSSL_PARAM_BLD_new();
  Key out(nullptr, Deleters{&c});
  if (bld != nullptr && c.OSSL_PARAM_BLD_push_utf8_string(bld, "group", group_name.data(), 0) == 1 &&
      c.OSSL_PARAM_BLD_push_octet_string(bld, "pub", point.data(), point.size()) == 1) {
    out = from_params(c, "EC", bld);
  }
  c.OSSL_PARAM_BLD_free(bld);
  return out;
}

// RFC 6605 §4: the signature is r||s; OpenSSL verifies DER (SEQUENCE of two INTEGERs).
std::vector<std::uint8_t> ecdsa_der(const LibCrypto& c, std::span<const std::uint8_t> sig) {
  const std::size_t half = sig.size() / 2;
  ECDSA_SIG* s = c.ECDSA_SIG_new();
  if (s == nullptr) return {};
  BIGNUM* r_bn = c.BN_bin2bn(sig.data(), static_cast<int>(half), nullptr);
  BIGNUM* s_bn = c.BN_bin2bn(sig.data() + half, static_cast<int>(half), nullptr);
  std::vector<std::uint8_t> der;
  if (r_bn != nullptr && s_bn != nullptr && c.ECDSA_SIG_set0(s, r_bn, s_bn) == 1) {
    // Sized first, then written into our own buffer: no OPENSSL_free (a libcrypto symbol) needed.
    const int n = c.i2d_ECDSA_SIG(s, nullptr);
    if (n > 0) {
      der.resize(static_cast<std::size_t>(n));
      unsigned char* out = der.data();
      if (c.i2d_ECDSA_SIG(s, &out) != n) der.clear();
    }
  } else {
    c.BN_free(r_bn);
    c.BN_free(s_bn);
  }
  c.ECDSA_SIG_free(s);
  return der;
}

}  // namespace

bool algorithm_supported(std::uint8_t algorithm) { return find(algorithm) != nullptr; }

std::string algorithm_name(std::uint8_t algorithm) {
  if (const auto* a = find(algorithm)) return a->name;
  return "ALG" + std::to_string(algorithm);
}

Result<std::vector<std::uint8_t>> digest(Digest type, std::span<const std::uint8_t> data) {
  auto c = libcrypto();
  if (!c) return std::unexpected(c.error());
  const EVP_MD* md = md_for(**c, type == Digest::sha1 ? 1 : type == Digest::sha256 ? 256 : 384);
  std::vector<std::uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int size = 0;
  if ((*c)->EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr) != 1) {
    return fail(ErrorKind::internal, "libcrypto could not compute a digest");
  }
  out.resize(size);
  return out;
}

Result<SignatureCheck> verify_signature(std::uint8_t algorithm, std::span<const std::uint8_t> key,
                                        std::span<const std::uint8_t> data, std::span<const std::uint8_t> signature) {
  const Algorithm* a = find(algorithm);
  if (a == nullptr) return SignatureCheck::unsupported_algorithm;
  auto loaded = libcrypto();
  if (!loaded) return std::unexpected(loaded.error());
  const LibCrypto& c = **loaded;
  if (a->key_size != 0 && key.size() != a->key_size) return SignatureCheck::bad_key;

  Key pkey(nullptr, Deleters{&c});
  std::vector<std::uint8_t> der;
  std::span<const std::uint8_t> sig = signature;
  switch (a->family) {
    case Family::rsa: pkey = rsa_key(c, key); break;
    case Family::ecdsa:
      if (signature.size() != a->key_size) return SignatureCheck::invalid;
      pkey = ec_key(c, key, a->digest_bits == 256 ? "P-256" : "P-384");
      der = ecdsa_der(c, signature);
      if (der.empty()) return SignatureCheck::invalid;
      sig = der;
      break;
    case Family::eddsa:
      pkey = Key(c.EVP_PKEY_new_raw_public_key(a->key_size == 32 ? EVP_PKEY_ED25519 : EVP_PKEY_ED448, nullptr,
                                               key.data(), key.size()),
                 Deleters{&c});
      break;
    case Family::none: return SignatureCheck::unsupported_algorithm;
  }
  if (!pkey) return SignatureCheck::bad_key;

  EVP_MD_CTX* ctx = c.EVP_MD_CTX_new();
  if (ctx == nullptr) return fail(ErrorKind::internal, "libcrypto could not allocate a digest context");
  const EVP_MD* md = a->family == Family::eddsa ? nullptr : md_for(c, a->digest_bits);
  int verdict = -1;
  if (c.EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, pkey.get()) == 1) {
    verdict = c.EVP_DigestVerify(ctx, sig.data(), sig.size(), data.data(), data.size());
  }
  c.EVP_MD_CTX_free(ctx);
  return verdict == 1 ? SignatureCheck::valid : SignatureCheck::invalid;
}

}  // namespace sonde::dns::dnssec
