#!/usr/bin/env bash
# Regenerates vectors.zone, the signed records the DNSSEC unit tests verify: one small zone per
# algorithm, keys made by dnssec-keygen and signed by dnssec-signzone (BIND 9.18), valid from
# 2026-01-01 to 2036-01-01 (the tests pass their own "now"), plus the DS of each key in SHA-1,
# SHA-256 and SHA-384. Only needed when the vectors change: the tests read the committed file.
#   tests/unit/dns/dnssec/make-vectors.sh > tests/unit/dns/dnssec/vectors.zone
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for alg in RSASHA1 RSASHA256 RSASHA512 ECDSAP256SHA256 ECDSAP384SHA384 ED25519 ED448; do
  z=$(echo "$alg" | tr A-Z a-z).vec.test
  cat > "$z.zone" <<ZONE
\$TTL 3600
@ IN SOA ns.$z. hostmaster.$z. 1 7200 3600 1209600 300
@ IN NS ns.$z.
ns IN A 192.0.2.53
www IN A 192.0.2.10
www IN A 192.0.2.9
Mixed.Case IN CNAME WWW.$z.
*.w IN A 192.0.2.77
ZONE
  case $alg in RSA*) bits=(-b 2048) ;; *) bits=() ;; esac
  dnssec-keygen -q -a "$alg" "${bits[@]}" -n ZONE "$z" >/dev/null
  dnssec-signzone -q -S -K . -P -s 20260101000000 -e 20360101000000 -o "$z" -f "$z.signed" "$z.zone" >/dev/null
  named-checkzone -q -D -o - "$z" "$z.signed" | grep -E "DNSKEY|^www\.|^Mixed\.Case|^\*\.w\." | grep -v NSEC
  for digest in SHA-1 SHA-256 SHA-384; do dnssec-dsfromkey -a "$digest" K"$z"*.key 2>/dev/null; done
done
