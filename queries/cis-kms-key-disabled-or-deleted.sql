-- id: cis-kms-key-disabled-or-deleted
-- title: KMS keys disabled or scheduled for deletion
-- severity: high
-- tactic: impact
-- mitre: T1485
-- description: Successful DisableKey and ScheduleKeyDeletion calls on customer-managed KMS keys (CIS 4.7 /
--   3.7). Data encrypted under a deleted key is lost for good, which makes this both sabotage and a
--   ransom lever.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-7
-- false-positives: Planned key retirement and rotation clean-up.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       (request_parameters->>'$.keyId') AS key_id,
       (request_parameters->>'$.pendingWindowInDays') AS pending_days
FROM events
WHERE event_source = 'kms.amazonaws.com'
  AND event_name IN ('DisableKey', 'ScheduleKeyDeletion')
  AND error_code IS NULL
ORDER BY event_time, event_key
