#!/bin/sh
# One-shot: waits until the Temporal frontend serves, then creates the namespace (idempotent)
# with the configured retention. Search attributes are registered afterwards by the app's own
# `advoware-bridge temporal setup` job, which knows their names and types.
set -eu

: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}"
attempt=0
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "Temporal at $TEMPORAL_ADDRESS did not become healthy" >&2
    exit 1
  fi
  sleep 2
done

if temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  temporal operator namespace update --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" --retention "${TEMPORAL_NAMESPACE_RETENTION:-336h}"
  echo "namespace $TEMPORAL_NAMESPACE exists; retention set to ${TEMPORAL_NAMESPACE_RETENTION:-336h}"
else
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" --retention "${TEMPORAL_NAMESPACE_RETENTION:-336h}"
  echo "namespace $TEMPORAL_NAMESPACE created"
fi
