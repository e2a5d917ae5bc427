-- id: cloudtrail-delete-trail
-- title: CloudTrail trail deleted
-- severity: critical
-- tactic: defense-evasion
-- mitre: T1562.008
-- description: DeleteTrail calls, successful or refused for lack of permission (other errors are left
--   out). Deleting a trail stops future logging and removes its configuration.
-- references: https://attack.mitre.org/techniques/T1562/008/
--   https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.cloudtrail-delete/
-- false-positives: Decommissioning a duplicate or test trail.
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.name') AS trail
FROM events
WHERE event_source = 'cloudtrail.amazonaws.com' AND event_name = 'DeleteTrail'
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
