#!/usr/bin/env bash
# CPack builds a .deb that installs the binary, man pages and completions and depends on the
# Debian runtime packages sonde loads (libcurl, libxml2) and on the package of every shared
# library the binary and the mock's HTTP module need (read from their ELF headers, so a library
# linked statically, or newly linked, is accounted for either way).
set -u
build=$1
command -v dpkg-deb >/dev/null || { echo "SKIPPED: dpkg-deb not available"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out" >/dev/null 2>"$out/err" || { echo "FAIL: cpack"; cat "$out/err"; exit 1; }
deb=$(ls "$out"/*.deb 2>/dev/null | head -1)
[[ -n $deb ]] || { echo "FAIL: no .deb produced"; exit 1; }
fail=0
depends=$(dpkg-deb -f "$deb" Depends)
# Opened with dlopen, so in no ELF header: libcurl, libxml2.
needed_packages=(libcurl4 libxml2)
command -v objdump >/dev/null || { echo "SKIPPED: objdump (binutils) not available to read the NEEDED entries"; exit 77; }
dpkg-deb -x "$deb" "$out/root"
for elf in "$out/root/usr/bin/sonde" $(find "$out/root/usr/lib" -name 'sonde-mock-http.so'); do
  # Where each NEEDED library is for this ELF file (ldd: the loader's own answer, any architecture).
  resolved=$(ldd "$elf")
  for soname in $(objdump -p "$elf" | awk '/NEEDED/ {print $2}'); do
    [[ $soname == ld-linux* ]] && continue
    path=$(awk -v so="$soname" '$1 == so && $2 == "=>" {print $3; exit}' <<<"$resolved")
    [[ -n $path && $path != "not" ]] || { echo "FAIL: $soname (needed by ${elf##*/}) is not installed here"; fail=1; continue; }
    owner=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null)
    [[ -n $owner ]] || { echo "FAIL: no package owns $path"; fail=1; continue; }
    needed_packages+=("${owner%%[:,]*}")
  done
done
for pkg in $(printf '%s\n' "${needed_packages[@]}" | sort -u); do
  case $pkg in libc6|libgcc-s1) continue ;; esac  # essential: always installed
  if [[ $depends == *"$pkg"* ]]; then echo "ok: depends on $pkg"; else echo "FAIL: Depends lacks $pkg: $depends"; fail=1; fi
done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/sonde ./usr/share/man/man1/sonde.1 ./usr/share/bash-completion/completions/sonde; do
  if grep -qF " $f" <<<"$contents"; then echo "ok: contains $f"; else echo "FAIL: $deb lacks $f"; fail=1; fi
done
if grep -qE " \./usr/lib/([^/ ]+/)?sonde/sonde-mock-http\.so$" <<<"$contents"; then echo "ok: contains the mock's HTTP module"
else echo "FAIL: $deb lacks usr/lib/.../sonde/sonde-mock-http.so"; fail=1; fi
exit $fail
