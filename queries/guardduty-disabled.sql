-- id: guardduty-disabled
-- title: GuardDuty disabled or blinded
-- severity: high
-- tactic: defense-evasion
-- mitre: T1562.001
-- description: Calls that switch GuardDuty off or hide its findings, successful or permission-denied:
--   DeleteDetector, UpdateDetector with enable false, leaving or removing the administrator/member
--   relationship, and filters that auto-archive findings (CreateFilter / UpdateFilter with action ARCHIVE).
-- references: https://attack.mitre.org/techniques/T1562/001/
--   https://docs.aws.amazon.com/guardduty/latest/ug/findings_suppression-rule.html
-- false-positives: Reviewed suppression rules for known-benign findings; decommissioning an account.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.detectorId') AS detector
FROM events
WHERE event_source = 'guardduty.amazonaws.com'
  AND (event_name IN ('DeleteDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount',
                      'DisassociateMembers', 'DeleteMembers', 'StopMonitoringMembers')
       OR (event_name = 'UpdateDetector' AND (request_parameters->>'$.enable') = 'false')
       OR (event_name IN ('CreateFilter', 'UpdateFilter') AND upper(request_parameters->>'$.action') = 'ARCHIVE'))
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
