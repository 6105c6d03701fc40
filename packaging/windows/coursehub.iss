; Inno Setup script for CourseHub (docs/packaging.md "Windows").
; Build the bundle first (python packaging\build.py), then:
;   iscc /DAppVersion=0.1.0 packaging\windows\coursehub.iss
; -> dist\CourseHub-<version>-setup.exe
;
; Per-user install, no administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\CourseHub. The person's database, backups and crash reports live in
; %LOCALAPPDATA%\CourseHub (coursehub/storage/location.py), which this installer never
; touches, so uninstalling keeps them. No file association: .xlsx belongs to the spreadsheet.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (build.py and the CI workflow do)
#endif

[Setup]
AppId={{6A0B8C1E-4C55-4E8A-9C1D-3F0C6B7E2A41}
AppName=CourseHub
AppVersion={#AppVersion}
AppVerName=CourseHub {#AppVersion}
AppPublisher=CourseHub
PrivilegesRequired=lowest
DefaultDirName={userpf}\CourseHub
DefaultGroupName=CourseHub
DisableProgramGroupPage=yes
DisableDirPage=auto
UninstallDisplayIcon={app}\CourseHub.exe
UninstallDisplayName=CourseHub {#AppVersion}
ChangesAssociations=no
OutputDir=..\..\dist
OutputBaseFilename=CourseHub-{#AppVersion}-setup
SetupIconFile=coursehub.ico
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
; Albanian first: the wizard speaks it on an Albanian Windows and wherever Windows' language
; matches neither. Inno Setup ships Albanian only among its user-contributed translations
; (Files/Languages/Unofficial/Albanian.isl in jrsoftware/issrc, for 6.4.0+); the CI workflow
; fetches it beside this script, and without it the installer is English only.
#if FileExists(AddBackslash(SourcePath) + "Albanian.isl")
Name: "sq"; MessagesFile: "compiler:Default.isl,Albanian.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle made by packaging\build.py.
Source: "..\..\dist\CourseHub\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\CourseHub"; Filename: "{app}\CourseHub.exe"; WorkingDir: "{app}"
Name: "{userdesktop}\CourseHub"; Filename: "{app}\CourseHub.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\CourseHub.exe"; Description: "{cm:LaunchProgram,CourseHub}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] and no [Registry]: the uninstaller removes only what it installed,
; so %LOCALAPPDATA%\CourseHub (database, backups, logs) and the settings stay.
