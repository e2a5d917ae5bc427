-- id: ssm-start-session
-- title: Interactive SSM sessions on instances
-- severity: medium
-- tactic: lateral-movement
-- mitre: T1021.007
-- description: SSM StartSession calls, successful or permission-denied: an interactive shell on an
--   instance without SSH keys or open ports.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ssm-start-session/
--   https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html
-- false-positives: Operators using Session Manager as their normal access path.
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.target') AS target, (request_parameters->>'$.documentName') AS document
FROM events
WHERE event_source = 'ssm.amazonaws.com' AND event_name = 'StartSession'
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
