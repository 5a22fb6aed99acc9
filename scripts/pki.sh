#!/usr/bin/env bash
# The project's own PKI for Kafka's mutual TLS, made with the JDK's keytool.
#
#   scripts/pki.sh DIR PRINCIPAL...     e.g. scripts/pki.sh pki admin broker ingest orchestrator host-1 auditor
#
# Idempotent: the CA (DIR/ca.p12, its certificate DIR/ca.crt), the shared truststore (DIR/truststore.p12) and
# the store password (DIR/password) are made the first time and kept; each PRINCIPAL gets DIR/PRINCIPAL.p12 (its
# EC P-256 key and a certificate CN=PRINCIPAL signed by the CA) unless it already has one. The broker's certificate
# names 127.0.0.1, localhost and kafka (the compose service) plus PKI_BROKER_SAN (keytool syntax, e.g.
# "dns:kafka.example,ip:10.0.0.5"). Secret: ca.p12 (it signs any identity), every PRINCIPAL.p12 and the password.
# Concurrent runs on one DIR wait for each other (flock).
set -euo pipefail
DIR=${1:?usage: pki.sh DIR PRINCIPAL...}
shift
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
umask 077

exec 9>"$DIR/.lock"
flock 9

KT=(keytool -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC)
VALIDITY=${PKI_VALIDITY_DAYS:-825}

if [ ! -s "$DIR/password" ]; then
  head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$DIR/password.tmp"
  mv "$DIR/password.tmp" "$DIR/password"
fi
PW=$(cat "$DIR/password")

if [ ! -s "$DIR/ca.p12" ] || [ ! -s "$DIR/truststore.p12" ]; then
  rm -f "$DIR/ca.p12.tmp" "$DIR/truststore.p12.tmp" "$DIR/ca.crt.tmp"
  "${KT[@]}" -genkeypair -alias ca -dname "CN=netbox-swarm-ca" -keyalg EC -groupname secp256r1 \
    -ext bc:c -ext ku:c=keyCertSign,cRLSign -validity $((VALIDITY * 4)) \
    -keystore "$DIR/ca.p12.tmp" -storetype PKCS12 -storepass "$PW" 2>/dev/null
  "${KT[@]}" -exportcert -rfc -alias ca -keystore "$DIR/ca.p12.tmp" -storepass "$PW" >"$DIR/ca.crt.tmp"
  "${KT[@]}" -importcert -noprompt -alias ca -file "$DIR/ca.crt.tmp" \
    -keystore "$DIR/truststore.p12.tmp" -storetype PKCS12 -storepass "$PW" 2>/dev/null
  # A new CA invalidates every keystore it did not sign.
  for old in "$DIR"/*.p12; do
    case "$old" in */ca.p12.tmp|*/truststore.p12.tmp|*/ca.p12|*/truststore.p12) ;; *) rm -f "$old" ;; esac
  done
  mv "$DIR/ca.crt.tmp" "$DIR/ca.crt"
  mv "$DIR/truststore.p12.tmp" "$DIR/truststore.p12"
  mv "$DIR/ca.p12.tmp" "$DIR/ca.p12"
fi

issue() {
  local p=$1 store="$DIR/$1.p12" tmp="$DIR/$1.p12.tmp" san=""
  rm -f "$tmp"
  if [ "$p" = broker ]; then
    san="-ext san=ip:127.0.0.1,dns:localhost,dns:kafka${PKI_BROKER_SAN:+,$PKI_BROKER_SAN}"
  fi
  "${KT[@]}" -genkeypair -alias "$p" -dname "CN=$p" -keyalg EC -groupname secp256r1 -validity "$VALIDITY" \
    -keystore "$tmp" -storetype PKCS12 -storepass "$PW" 2>/dev/null
  "${KT[@]}" -importcert -noprompt -alias ca -file "$DIR/ca.crt" -keystore "$tmp" -storepass "$PW" 2>/dev/null
  # shellcheck disable=SC2086
  "${KT[@]}" -certreq -alias "$p" -keystore "$tmp" -storepass "$PW" \
    | "${KT[@]}" -gencert -rfc -alias ca -keystore "$DIR/ca.p12" -storepass "$PW" -validity "$VALIDITY" \
        -ext ku:c=digitalSignature,keyAgreement -ext eku=serverAuth,clientAuth $san \
    | "${KT[@]}" -importcert -noprompt -alias "$p" -keystore "$tmp" -storepass "$PW" >/dev/null 2>&1
  mv "$tmp" "$store"
}

pids=()
for p in "$@"; do
  case "$p" in
    *[!A-Za-z0-9._-]*|'') echo "pki.sh: bad principal name '$p'" >&2; exit 2 ;;
  esac
  if [ ! -s "$DIR/$p.p12" ]; then
    issue "$p" & pids+=($!)
  fi
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
