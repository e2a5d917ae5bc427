-- id: cis-console-auth-failures
-- title: Console authentication failures
-- severity: medium
-- tactic: credential-access
-- mitre: T1110
-- description: Failed AWS console sign-ins (responseElements.ConsoleLogin "Failure" or errorMessage
--   "Failed authentication"), CIS 4.6 / 3.6. Many failures for one user or from one address suggest
--   password guessing or spraying; a failure for root is worth a look on its own.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-6
-- false-positives: Users mistyping passwords or MFA codes, expired passwords.
SELECT event_key, event_id, event_time, identity_type, principal_arn, user_name, source_ip, error_message,
       (additional_event_data->>'$.MFAUsed') AS mfa_used
FROM events
WHERE event_source = 'signin.amazonaws.com' AND event_name = 'ConsoleLogin'
  AND ((response_elements->>'$.ConsoleLogin') = 'Failure' OR error_message = 'Failed authentication')
ORDER BY event_time, event_key
