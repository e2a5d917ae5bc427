-- id: securityhub-disabled
-- title: Security Hub disabled or findings suppressed
-- severity: high
-- tactic: defense-evasion
-- mitre: T1562.001
-- description: Calls that switch Security Hub off, disable standards or controls, stop importing findings,
--   leave the administrator account, or delete insights and rewrite findings (DeleteInsight,
--   UpdateFindings, BatchUpdateFindings setting the workflow to SUPPRESSED); successful or permission-denied.
-- references: https://attack.mitre.org/techniques/T1562/001/
--   https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-disable.html
-- false-positives: Disabling controls that do not apply, with a documented exception; triage tooling that
--   suppresses reviewed findings.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip, error_code
FROM events
WHERE event_source = 'securityhub.amazonaws.com'
  AND (event_name IN ('DisableSecurityHub', 'BatchDisableStandards', 'DisableImportFindingsForProduct',
                      'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'DisassociateMembers',
                      'DeleteMembers', 'DeleteInsight', 'UpdateFindings')
       OR (event_name = 'UpdateStandardsControl' AND upper(request_parameters->>'$.ControlStatus') = 'DISABLED')
       OR (event_name = 'BatchUpdateFindings' AND upper(request_parameters->>'$.Workflow.Status') = 'SUPPRESSED'))
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
