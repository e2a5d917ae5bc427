-- id: sts-federation-token
-- title: Federation token issued to an IAM user
-- severity: medium
-- tactic: persistence
-- mitre: T1550.001
-- description: GetFederationToken calls by IAM users (successful or permission-denied). The temporary
--   credentials it returns stay valid for up to 36 hours even after the user's access key is deleted, so
--   attackers use it to keep access through a key rotation.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.persistence.sts-federation-token/
--   https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
-- false-positives: Legacy identity brokers that still mint federation tokens for users.
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.name') AS federated_name, (request_parameters->>'$.durationSeconds') AS duration_seconds
FROM events
WHERE event_source = 'sts.amazonaws.com' AND event_name = 'GetFederationToken'
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
