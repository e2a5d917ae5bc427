-- id: cis-console-signin-without-mfa
-- title: Console sign-in without MFA
-- severity: high
-- tactic: initial-access
-- mitre: T1078.004
-- description: Successful AWS console sign-ins by an IAM user or the root user where
--   additionalEventData.MFAUsed is not "Yes" (CIS 4.2 / 3.2). Federated sign-ins (assumed roles, SAML
--   logins carrying a SamlProviderArn) are left out because their MFA happens at the identity provider.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-3
--   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
-- false-positives: Users whose MFA is enforced by another mechanism; brand-new users signing in once to
--   enrol a device.
SELECT event_key, event_id, event_time, identity_type, principal_arn, user_name, source_ip,
       (additional_event_data->>'$.MFAUsed') AS mfa_used, (response_elements->>'$.ConsoleLogin') AS outcome
FROM events
WHERE event_source = 'signin.amazonaws.com' AND event_name = 'ConsoleLogin'
  AND identity_type IN ('IAMUser', 'Root')
  AND (response_elements->>'$.ConsoleLogin') = 'Success'
  AND coalesce(additional_event_data->>'$.MFAUsed', 'No') <> 'Yes'
  AND (additional_event_data->>'$.SamlProviderArn') IS NULL
ORDER BY event_time, event_key
