<#--
  Mandat's page layout for Keycloak: the same DSFR header, Marianne block and footer as
  the application's pages (src/main/resources/templates/fragments/layout.html).
  The "usagers" variant (theme mandat-usagers) is labelled as the FranceConnect stand-in.
-->
<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false>
<#assign usagers = (properties.mandatVariant!'agents') == 'usagers'>
<!DOCTYPE html>
<html lang="fr" data-fr-scheme="light">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
    <meta name="robots" content="noindex, nofollow">
    <meta name="format-detection" content="telephone=no">
    <title><#if usagers>${msg("mandatUsagersTitle")}<#else>${msg("mandatAgentsTitle")}</#if></title>
    <#list (properties.styles!'')?split(' ') as style>
        <#if style?has_content><link href="${url.resourcesPath}/${style}" rel="stylesheet"></#if>
    </#list>
    <link rel="icon" href="${url.resourcesPath}/dsfr/favicon/favicon.svg" type="image/svg+xml">
    <link rel="shortcut icon" href="${url.resourcesPath}/dsfr/favicon/favicon.ico" type="image/x-icon">
    <#if authenticationSession??>
        <script type="module">
            <#outputformat "JavaScript">
            import { checkAuthSession } from ${(url.resourcesPath + "/js/authChecker.js")?c};
            checkAuthSession(${authenticationSession.authSessionIdHash?c});
            </#outputformat>
        </script>
    </#if>
</head>
<body class="mandat-keycloak<#if usagers> mandat-keycloak--usagers</#if>" data-page-id="login-${pageId}">
<div class="fr-skiplinks">
    <nav class="fr-container" role="navigation" aria-label="${msg("mandatSkipLinks")}">
        <ul class="fr-skiplinks__list">
            <li><a class="fr-link" href="#contenu">${msg("mandatSkipToContent")}</a></li>
        </ul>
    </nav>
</div>
<header role="banner" class="fr-header">
    <div class="fr-header__body">
        <div class="fr-container">
            <div class="fr-header__body-row">
                <div class="fr-header__brand">
                    <div class="fr-header__brand-top">
                        <div class="fr-header__logo">
                            <p class="fr-logo">République<br>Française</p>
                        </div>
                    </div>
                    <div class="fr-header__service">
                        <#if usagers>
                            <p class="fr-header__service-title">${msg("mandatUsagersService")}
                                <span class="fr-badge fr-badge--sm fr-badge--warning fr-badge--no-icon">${msg("mandatUsagersBadge")}</span></p>
                            <p class="fr-header__service-tagline">${msg("mandatUsagersTagline")}</p>
                        <#else>
                            <p class="fr-header__service-title">Mandat</p>
                            <p class="fr-header__service-tagline">${msg("mandatAgentsTagline")}</p>
                        </#if>
                    </div>
                </div>
            </div>
        </div>
    </div>
</header>
<main id="contenu" role="main" class="fr-container fr-py-6w" tabindex="-1">
    <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-10 fr-col-lg-7">
            <#if usagers>
                <div class="fr-notice fr-notice--info fr-mb-4w">
                    <div class="fr-container"><div class="fr-notice__body">
                        <p class="fr-notice__title">${msg("mandatUsagersNotice")}</p>
                    </div></div>
                </div>
            </#if>
            <div class="mandat-keycloak__card">
                <h1 id="kc-page-title"><#nested "header"></h1>
                <#if auth?has_content && auth.showUsername() && !auth.showResetCredentials()>
                    <#nested "show-username">
                    <p id="kc-username" class="fr-text--sm">
                        ${msg("mandatSignedInAs")} <strong id="kc-attempted-username">${auth.attemptedUsername}</strong>
                        — <a id="reset-login" class="fr-link fr-link--sm" href="${url.loginRestartFlowUrl}">${msg("mandatNotYou")}</a>
                    </p>
                </#if>
                <#if displayMessage && message?has_content && (message.type != 'warning' || !isAppInitiatedAction??)>
                    <div class="fr-alert fr-alert--sm fr-alert--${(message.type == 'warning')?then('warning', message.type)} fr-mb-3w"
                         role="<#if message.type == 'error'>alert<#else>status</#if>">
                        <p>${kcSanitize(message.summary)?no_esc}</p>
                    </div>
                </#if>
                <#nested "form">
                <#if auth?has_content && auth.showTryAnotherWayLink()>
                    <form id="kc-select-try-another-way-form" action="${url.loginAction}" method="post" class="fr-mt-2w">
                        <input type="hidden" name="tryAnotherWay" value="on">
                        <button type="submit" class="fr-btn fr-btn--tertiary-no-outline" id="try-another-way">${msg("doTryAnotherWay")}</button>
                    </form>
                </#if>
                <#if displayInfo>
                    <div id="kc-info" class="fr-mt-4w">
                        <#nested "info">
                    </div>
                </#if>
            </div>
        </div>
    </div>
</main>
<footer class="fr-footer" role="contentinfo" id="pied-de-page">
    <div class="fr-container">
        <div class="fr-footer__body">
            <div class="fr-footer__brand">
                <p class="fr-logo">République<br>Française</p>
            </div>
            <div class="fr-footer__content">
                <p class="fr-footer__content-desc"><#if usagers>${msg("mandatUsagersFooter")}<#else>${msg("mandatAgentsFooter")}</#if></p>
            </div>
        </div>
        <div class="fr-footer__bottom">
            <ul class="fr-footer__bottom-list">
                <li class="fr-footer__bottom-item"><span class="fr-footer__bottom-link">${msg("mandatAccessibility")}</span></li>
            </ul>
        </div>
    </div>
</footer>
</body>
</html>
</#macro>
