-- id: dns-query-logging-deleted
-- title: DNS query logging removed
-- severity: high
-- tactic: defense-evasion
-- mitre: T1562.008
-- description: Route 53 Resolver query-log configurations deleted or disassociated from a VPC, and Route 53
--   public query logging deleted (successful or permission-denied). DNS logs reveal command-and-control
--   and exfiltration over DNS.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.defense-evasion.dns-delete-logs/
--   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs.html
-- false-positives: Retiring a VPC or consolidating query-log configurations.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip, error_code,
       coalesce(request_parameters->>'$.resolverQueryLogConfigId', (request_parameters->>'$.id')) AS config
FROM events
WHERE ((event_source = 'route53resolver.amazonaws.com'
        AND event_name IN ('DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'))
    OR (event_source = 'route53.amazonaws.com' AND event_name = 'DeleteQueryLoggingConfig'))
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
