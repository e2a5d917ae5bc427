-- id: cis-cloudtrail-config-changes
-- title: CloudTrail configuration changes
-- severity: medium
-- tactic: defense-evasion
-- mitre: T1562.008
-- description: Successful CreateTrail, UpdateTrail, DeleteTrail, StartLogging and StopLogging calls
--   (CIS 4.5 / 3.5). The defence-evasion hunts (cloudtrail-stop-logging, cloudtrail-delete-trail,
--   cloudtrail-trail-updated) single out the dangerous ones and also keep denied attempts.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5
-- false-positives: Planned trail maintenance; trails managed by infrastructure-as-code.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       (request_parameters->>'$.name') AS trail
FROM events
WHERE event_source = 'cloudtrail.amazonaws.com'
  AND event_name IN ('CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging')
  AND error_code IS NULL
ORDER BY event_time, event_key
