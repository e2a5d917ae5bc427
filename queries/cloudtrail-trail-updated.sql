-- id: cloudtrail-trail-updated
-- title: CloudTrail trail settings changed
-- severity: high
-- tactic: defense-evasion
-- mitre: T1562.008
-- description: UpdateTrail calls, successful or permission-denied. An attacker can point the trail at a
--   bucket they own, turn off log file validation (digests), make it single-region or drop global service
--   events without stopping it. The context columns show what the call asked for.
-- references: https://attack.mitre.org/techniques/T1562/008/
--   https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
-- false-positives: Planned changes of the delivery bucket, KMS key or SNS topic.
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.name') AS trail,
       (request_parameters->>'$.s3BucketName') AS s3_bucket,
       (request_parameters->>'$.enableLogFileValidation') AS log_file_validation,
       (request_parameters->>'$.isMultiRegionTrail') AS multi_region,
       (request_parameters->>'$.includeGlobalServiceEvents') AS global_events
FROM events
WHERE event_source = 'cloudtrail.amazonaws.com' AND event_name = 'UpdateTrail'
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
