<#-- pve-audit e-mail body (plain-text alternative). -->
${subject}

pve-audit run ${run.id}, started ${run.startedAt}, pve-audit ${run.toolVersion}, exit code ${run.exitCode}
<#if run.failure?has_content>
THE RUN FAILED: ${run.failure}
</#if>

SUMMARY
${newTotal} new or regressed<#if resolved?has_content>, ${resolved} resolved</#if><#if (notEvaluated > 0)>, ${notEvaluated} not evaluated (their rule lacked data or failed this run)</#if>, ${open} open (unwaived)
<#list clusters as c>
  ${c.name}: <#if c.audited>PVE ${c.pveVersion}; critical ${c.counts.critical}, high ${c.counts.high}, medium ${c.counts.medium}, low ${c.counts.low}; ${c.newFindings} new<#if c.waived gt 0>; ${c.waived} waived</#if><#else>NOT AUDITED</#if>
</#list>
<#if notAudited?has_content>

CLUSTERS NOT AUDITED
<#list notAudited as c>
  ${c.name}: ${c.error}
</#list>
</#if>
<#if ruleErrors?has_content>

RULES THAT FAILED (no findings from them for that cluster; fix the rule, exit code 2)
<#list ruleErrors as e>
  ${e.cluster} ${e.ruleId}: ${e.reason}
</#list>
</#if>
<#if findings?has_content>

NEW AND REGRESSED FINDINGS
<#list findings as f>
  [${f.severity}]<#if f.attention> [${f.state}]</#if> ${f.cluster} ${f.ruleId}: ${f.message}
</#list>
<#if notListed gt 0>
  ... and ${notListed} more new or regressed in the report
</#if>
</#if>
<#if resolvedList?has_content>

RESOLVED
<#list resolvedList as f>
  [${f.severity}] ${f.cluster} ${f.ruleId}: ${f.message}
</#list>
<#if resolvedNotListed gt 0>
  ... and ${resolvedNotListed} more resolved in the report
</#if>
</#if>
<#if drift?has_content>

ACCESS CHANGES
<#list drift as d>
  ${d.cluster} ${d.object} ${d.change}: ${d.key}<#if d.before?has_content || d.after?has_content> (${d.before}<#if d.before?has_content && d.after?has_content> -> </#if>${d.after})</#if>
</#list>
<#if driftNotListed gt 0>
  ... and ${driftNotListed} more access changes in the report
</#if>
</#if>
<#if campaigns?has_content>

ACCESS REVIEWS
<#list campaigns as c>
  ${c.name}<#if c.closed> (closed)</#if>, due ${c.due}: ${c.decided} of ${c.rows} decided, ${c.open} open, ${c.overdue} overdue
</#list>
<#if (revocationsOverdue > 0)>
  ${revocationsOverdue} revocation(s) decided in a review and not carried out (PVE-REVIEW-001)
</#if>
</#if>
<#if waivers?has_content>

WAIVERS TO REVIEW
<#list waivers as w>
  ${w.status}: ${w.rule}, owner ${w.owner}, expires ${w.expires}: ${w.reason}<#if w.ticket?has_content> (${w.ticket})</#if> [${w.source}]
</#list>
</#if>

REPORTS
<#if attached?has_content>
  Attached: <#list attached as a>${a}<#sep>, </#list>
</#if>
<#if attachmentNote?has_content>
  ${attachmentNote}
</#if>
<#if reportUrl?has_content>
  Full report: ${reportUrl}
<#elseif reportDir?has_content>
  Full report: ${reportDir}
</#if>
