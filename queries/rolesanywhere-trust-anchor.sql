-- id: rolesanywhere-trust-anchor
-- title: IAM Roles Anywhere trust anchor created or changed
-- severity: high
-- tactic: persistence
-- mitre: T1098.001
-- description: CreateTrustAnchor, UpdateTrustAnchor and EnableTrustAnchor calls, successful or
--   permission-denied. A trust anchor lets anyone holding a certificate from the attacker's own CA obtain
--   role credentials from outside AWS, with no IAM user or key to revoke.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.rolesanywhere-create-trust-anchor/
--   https://docs.aws.amazon.com/rolesanywhere/latest/userguide/getting-started.html
-- false-positives: On-premises workloads onboarded to Roles Anywhere through change management.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip, error_code,
       coalesce(request_parameters->>'$.name', (request_parameters->>'$.trustAnchorId')) AS trust_anchor
FROM events
WHERE event_source = 'rolesanywhere.amazonaws.com'
  AND event_name IN ('CreateTrustAnchor', 'UpdateTrustAnchor', 'EnableTrustAnchor')
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
