"""The Office add-in manifest (XML) for the organisation's own server URL, in Danish.

IT deploys it once from the Microsoft 365 admin centre (Integrated apps → Upload custom apps);
Excel on the web and desktop Excel then show the Kompetence tab with its buttons. When the
server signs people in with Microsoft Entra ID, the manifest names the add-in's registration
(``WebApplicationInfo``), which Office's single sign-on needs to ask for a token.
"""

from __future__ import annotations

__all__ = ["NAMESPACE", "ICONS", "MANIFEST", "SSO", "manifest"]

import uuid
from string import Template
from xml.sax.saxutils import escape, quoteattr

from ..core.labels import t

# A stable add-in id per server URL: the same URL always gives the same manifest.
NAMESPACE = uuid.UUID("5b0f4a7e-3c55-4d7e-9a8e-2f2d9c1b7a10")


ICONS = """<Icon>
                    <bt:Image size="16" resid="Icon.16"/>
                    <bt:Image size="32" resid="Icon.32"/>
                    <bt:Image size="80" resid="Icon.80"/>
                  </Icon>"""


def _button(name: str, action: str) -> str:
    """A ribbon button whose label and tip are the resources ``<name>.Label`` and ``<name>.Tip``."""
    return f"""                <Control xsi:type="Button" id="xlkompetence.{name}">
                  <Label resid="{name}.Label"/>
                  <Supertip>
                    <Title resid="{name}.Label"/>
                    <Description resid="{name}.Tip"/>
                  </Supertip>
                  {ICONS}
                  {action}
                </Control>"""


# The manifest with a ``$name`` for each value that depends on the server and the recipient.
MANIFEST = Template(f"""<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
           xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
           xsi:type="TaskPaneApp">
  <Id>$id</Id>
  <Version>1.0.0.0</Version>
  <ProviderName>$provider</ProviderName>
  <DefaultLocale>da-DK</DefaultLocale>
  <DisplayName DefaultValue=$title/>
  <Description DefaultValue=$description/>
  <IconUrl DefaultValue=$icon_32/>
  <HighResolutionIconUrl DefaultValue=$icon_64/>
  <SupportUrl DefaultValue=$support/>
  <AppDomains>
    <AppDomain>$domain</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="ExcelApi" MinVersion="1.9"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue=$taskpane/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <DesktopFormFactor>
          <GetStarted>
            <Title resid="GetStarted.Title"/>
            <Description resid="GetStarted.Description"/>
            <LearnMoreUrl resid="Taskpane.Url"/>
          </GetStarted>
          <FunctionFile resid="Commands.Url"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <CustomTab id="xlkompetence.Tab">
              <Group id="xlkompetence.Group">
                <Label resid="Group.Label"/>
                {ICONS}
{_button("Refresh", '<Action xsi:type="ExecuteFunction"><FunctionName>refresh</FunctionName></Action>')}
{_button("Submit", '<Action xsi:type="ExecuteFunction"><FunctionName>submit</FunctionName></Action>')}
{_button("Pane", '<Action xsi:type="ShowTaskpane"><TaskpaneId>xlkompetence.Taskpane</TaskpaneId>'
                 '<SourceLocation resid="Taskpane.Url"/></Action>')}
              </Group>
              <Label resid="Tab.Label"/>
            </CustomTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
        <bt:Image id="Icon.16" DefaultValue=$icon_16/>
        <bt:Image id="Icon.32" DefaultValue=$icon_32/>
        <bt:Image id="Icon.80" DefaultValue=$icon_80/>
      </bt:Images>
      <bt:Urls>
        <bt:Url id="Commands.Url" DefaultValue=$commands/>
        <bt:Url id="Taskpane.Url" DefaultValue=$taskpane/>
      </bt:Urls>
      <bt:ShortStrings>
        <bt:String id="Tab.Label" DefaultValue=$tab_label/>
        <bt:String id="Group.Label" DefaultValue=$group_label/>
        <bt:String id="Refresh.Label" DefaultValue=$refresh_label/>
        <bt:String id="Submit.Label" DefaultValue=$submit_label/>
        <bt:String id="Pane.Label" DefaultValue=$pane_label/>
        <bt:String id="GetStarted.Title" DefaultValue=$getstarted_title/>
      </bt:ShortStrings>
      <bt:LongStrings>
        <bt:String id="Refresh.Tip" DefaultValue=$refresh_tip/>
        <bt:String id="Submit.Tip" DefaultValue=$submit_tip/>
        <bt:String id="Pane.Tip" DefaultValue=$pane_tip/>
        <bt:String id="GetStarted.Description" DefaultValue=$getstarted_text/>
      </bt:LongStrings>
    </Resources>$sso
  </VersionOverrides>
</OfficeApp>
""")

# Each URL of the manifest, under the server's address.
_URLS = {"icon_16": "/icon-16.png", "icon_32": "/icon-32.png", "icon_64": "/icon-64.png", "icon_80": "/icon-80.png",
         "support": "/", "taskpane": "/taskpane.html", "commands": "/commands.html"}


def _texts(recipient: str) -> dict[str, str]:
    """The Danish texts of the manifest, by their name in ``MANIFEST``."""
    return {
        "title": t("web.title"), "description": t("manifest.description", recipient=recipient),
        "tab_label": t("addin.title"), "group_label": t("manifest.group"), "refresh_label": t("web.refresh"),
        "submit_label": t("web.submit", recipient=recipient), "pane_label": t("manifest.pane"),
        "getstarted_title": t("manifest.getstarted"), "refresh_tip": t("manifest.refresh.tip"),
        "submit_tip": t("manifest.submit.tip"), "pane_tip": t("manifest.pane.tip"),
        "getstarted_text": t("manifest.getstarted.text"),
    }


# Office's single sign-on: the registration's client id, its Application ID URI, and the
# scopes the add-in asks for (profile is always needed; nothing of Microsoft Graph).
SSO = Template("""
    <WebApplicationInfo>
      <Id>$client_id</Id>
      <Resource>$resource</Resource>
      <Scopes>
        <Scope>openid</Scope>
        <Scope>profile</Scope>
      </Scopes>
    </WebApplicationInfo>""")


def manifest(url: str, *, recipient: str = "HR", provider: str = "xlkompetence",
             sso: tuple[str, str] | None = None) -> str:
    """The manifest for the server at ``url``; the submit button sends to ``recipient``;
    ``sso`` is the Entra ID registration's (client id, Application ID URI) when people sign in."""
    base = url.rstrip("/")
    web_app = SSO.substitute(client_id=escape(sso[0]), resource=escape(sso[1])) if sso else ""
    return MANIFEST.substitute(
        id=uuid.uuid5(NAMESPACE, base), provider=escape(provider), domain=escape(base), sso=web_app,
        **{name: quoteattr(text) for name, text in _texts(recipient).items()},
        **{name: quoteattr(base + path) for name, path in _URLS.items()})
