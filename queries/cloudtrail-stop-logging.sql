-- id: cloudtrail-stop-logging
-- title: CloudTrail logging stopped
-- severity: critical
-- tactic: defense-evasion
-- mitre: T1562.008
-- description: StopLogging calls, successful or refused for lack of permission. Stopping a trail blinds
--   the record this case is built from, so even a denied attempt shows intent; other errors (a mistyped
--   trail name) are left out. error_code tells the two apart.
-- references: https://attack.mitre.org/techniques/T1562/008/
--   https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.cloudtrail-stop/
-- false-positives: Planned trail maintenance; look for a StartLogging shortly after by an administrator.
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.name') AS trail, user_agent
FROM events
WHERE event_source = 'cloudtrail.amazonaws.com' AND event_name = 'StopLogging'
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
