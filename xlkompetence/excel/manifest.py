"""The Office add-in manifest (XML) for the organisation's own server URL, in Danish.

IT deploys it once from the Microsoft 365 admin centre (Integrated apps → Upload custom apps);
Excel on the web and desktop Excel then show the Kompetence tab with its buttons.
"""

from __future__ import annotations

__all__ = ["NAMESPACE", "ICONS", "manifest"]

import uuid
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


def manifest(url: str, *, recipient: str = "HR", provider: str = "xlkompetence") -> str:
    base = url.rstrip("/")
    q = lambda s: quoteattr(s)  # noqa: E731
    e = lambda s: escape(s)  # noqa: E731
    addin_id = uuid.uuid5(NAMESPACE, base)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
           xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
           xsi:type="TaskPaneApp">
  <Id>{addin_id}</Id>
  <Version>1.0.0.0</Version>
  <ProviderName>{e(provider)}</ProviderName>
  <DefaultLocale>da-DK</DefaultLocale>
  <DisplayName DefaultValue={q(t("web.title"))}/>
  <Description DefaultValue={q(t("manifest.description", recipient=recipient))}/>
  <IconUrl DefaultValue={q(base + "/icon-32.png")}/>
  <HighResolutionIconUrl DefaultValue={q(base + "/icon-64.png")}/>
  <SupportUrl DefaultValue={q(base + "/")}/>
  <AppDomains>
    <AppDomain>{e(base)}</AppDomain>
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
    <SourceLocation DefaultValue={q(base + "/taskpane.html")}/>
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
        <bt:Image id="Icon.16" DefaultValue={q(base + "/icon-16.png")}/>
        <bt:Image id="Icon.32" DefaultValue={q(base + "/icon-32.png")}/>
        <bt:Image id="Icon.80" DefaultValue={q(base + "/icon-80.png")}/>
      </bt:Images>
      <bt:Urls>
        <bt:Url id="Commands.Url" DefaultValue={q(base + "/commands.html")}/>
        <bt:Url id="Taskpane.Url" DefaultValue={q(base + "/taskpane.html")}/>
      </bt:Urls>
      <bt:ShortStrings>
        <bt:String id="Tab.Label" DefaultValue={q(t("addin.title"))}/>
        <bt:String id="Group.Label" DefaultValue={q(t("manifest.group"))}/>
        <bt:String id="Refresh.Label" DefaultValue={q(t("web.refresh"))}/>
        <bt:String id="Submit.Label" DefaultValue={q(t("web.submit", recipient=recipient))}/>
        <bt:String id="Pane.Label" DefaultValue={q(t("manifest.pane"))}/>
        <bt:String id="GetStarted.Title" DefaultValue={q(t("manifest.getstarted"))}/>
      </bt:ShortStrings>
      <bt:LongStrings>
        <bt:String id="Refresh.Tip" DefaultValue={q(t("manifest.refresh.tip"))}/>
        <bt:String id="Submit.Tip" DefaultValue={q(t("manifest.submit.tip"))}/>
        <bt:String id="Pane.Tip" DefaultValue={q(t("manifest.pane.tip"))}/>
        <bt:String id="GetStarted.Description" DefaultValue={q(t("manifest.getstarted.text"))}/>
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
"""
