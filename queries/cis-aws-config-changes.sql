-- id: cis-aws-config-changes
-- title: AWS Config configuration changes
-- severity: medium
-- tactic: defense-evasion
-- mitre: T1562.001
-- description: Successful changes to AWS Config recording and delivery (CIS 4.9 / 3.9):
--   StopConfigurationRecorder, DeleteDeliveryChannel, PutDeliveryChannel, PutConfigurationRecorder and
--   DeleteConfigurationRecorder. Stopping the recorder blinds configuration history and compliance rules.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-9
-- false-positives: Initial Config set-up and planned changes of the delivery bucket.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip,
       coalesce(request_parameters->>'$.configurationRecorderName',
                (request_parameters->>'$.deliveryChannelName')) AS target
FROM events
WHERE event_source = 'config.amazonaws.com'
  AND event_name IN ('StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel',
                     'PutConfigurationRecorder', 'DeleteConfigurationRecorder')
  AND error_code IS NULL
ORDER BY event_time, event_key
