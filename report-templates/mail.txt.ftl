<#-- pve-audit e-mail body (plain-text alternative). -->
${subject}

pve-audit run ${run.id}, started ${run.startedAt}, pve-audit ${run.toolVersion}, exit code ${run.exitCode}
<#if run.failure?has_content>
THE RUN FAILED: ${run.failure}
</#if>

SUMMARY
${newTotal} new or regressed<#if resolved?has_content>, ${resolved} resolved</#if><#if (notEvaluated > 0)>, ${notEvaluated} not evaluated (their rule lacked data this run)</#if>, ${open} open (unwaived)
<#list clusters as c>
  ${c.name}: <#if c.audited>PVE ${c.pveVersion}; critical ${c.counts.critical}, high ${c.counts.high}, medium ${c.counts.medium}, low ${c.counts.low}; ${c.newFindings} new<#if c.waived gt 0>; ${c.waived} waived</#if><#else>NOT AUDITED</#if>
</#list>
<#if notAudited?has_content>

CLUSTERS NOT AUDITED
<#list notAudited as c>
  ${c.name}: ${c.error}
</#list>
</#if>
<#if findings?has_content>

FINDINGS (new and regressed first)
<#list findings as f>
  [${f.severity}]<#if f.attention> [${f.state}]</#if> ${f.cluster} ${f.ruleId}: ${f.message}
</#list>
<#if notListed gt 0>
  ... ${notListed} more in the report
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
<#if reportDir?has_content>
  Full report: ${reportDir}
</#if>
