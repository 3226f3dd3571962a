<#import "template.ftl" as layout>
<#assign confirmError = messagesPerField.existsError('password-confirm')>
<#-- Keycloak reports a password refused by the policy as a page message: it belongs beside the field. -->
<#assign policyError = !messagesPerField.existsError('password') && !confirmError && message?has_content && message.type == 'error'>
<#assign newError = messagesPerField.existsError('password') || policyError>
<@layout.registrationLayout displayMessage=!(newError || confirmError); section>
    <#if section = "header">
        ${msg("updatePasswordTitle")}
    <#elseif section = "form">
        <p>${msg("mandatPasswordIntro")}</p>
        <form id="kc-passwd-update-form" action="${url.loginAction}" method="post" novalidate>
            <div class="fr-input-group<#if newError> fr-input-group--error</#if>">
                <label class="fr-label" for="password-new">${msg("passwordNew")}</label>
                <#-- The rules are shown before the first try, not only after a refusal. -->
                <div class="fr-messages-group" id="password-rules" aria-live="polite">
                    <p class="fr-message">${msg("mandatPasswordRules")}</p>
                    <#if passwordPolicies??>
                        <#if (passwordPolicies.length!0) gt 0><p class="fr-message fr-message--info">${msg("mandatPasswordLength", passwordPolicies.length)}</p></#if>
                        <#if (passwordPolicies.upperCase!0) gt 0><p class="fr-message fr-message--info">${msg("mandatPasswordUpper", passwordPolicies.upperCase)}</p></#if>
                        <#if (passwordPolicies.lowerCase!0) gt 0><p class="fr-message fr-message--info">${msg("mandatPasswordLower", passwordPolicies.lowerCase)}</p></#if>
                        <#if (passwordPolicies.digits!0) gt 0><p class="fr-message fr-message--info">${msg("mandatPasswordDigits", passwordPolicies.digits)}</p></#if>
                        <#if (passwordPolicies.specialChars!0) gt 0><p class="fr-message fr-message--info">${msg("mandatPasswordSpecial", passwordPolicies.specialChars)}</p></#if>
                        <#if passwordPolicies.notUsername><p class="fr-message fr-message--info">${msg("mandatPasswordNotUsername")}</p></#if>
                        <#if passwordPolicies.notEmail><p class="fr-message fr-message--info">${msg("mandatPasswordNotEmail")}</p></#if>
                    </#if>
                </div>
                <input class="fr-input<#if newError> fr-input--error</#if>" type="password" id="password-new" name="password-new"
                       autofocus autocomplete="new-password"
                       aria-describedby="password-rules<#if newError> input-error-password</#if>"
                       <#if newError>aria-invalid="true"</#if>>
                <#if newError>
                    <p id="input-error-password" class="fr-error-text"><#if policyError>${kcSanitize(message.summary)?no_esc}<#else>${kcSanitize(messagesPerField.get('password'))?no_esc}</#if></p>
                </#if>
            </div>
            <div class="fr-input-group<#if confirmError> fr-input-group--error</#if>">
                <label class="fr-label" for="password-confirm">${msg("passwordConfirm")}</label>
                <input class="fr-input<#if confirmError> fr-input--error</#if>" type="password" id="password-confirm" name="password-confirm"
                       autocomplete="new-password"
                       <#if confirmError>aria-invalid="true" aria-describedby="input-error-password-confirm"</#if>>
                <#if confirmError>
                    <p id="input-error-password-confirm" class="fr-error-text">${kcSanitize(messagesPerField.get('password-confirm'))?no_esc}</p>
                </#if>
            </div>
            <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
                <li><button class="fr-btn" name="login" id="kc-update-password" type="submit">${msg("mandatPasswordSave")}</button></li>
                <#if isAppInitiatedAction??>
                    <li><button class="fr-btn fr-btn--secondary" type="submit" name="cancel-aia" value="true">${msg("doCancel")}</button></li>
                </#if>
            </ul>
        </form>
    </#if>
</@layout.registrationLayout>
