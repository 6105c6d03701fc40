<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sq_AL">
<!-- Albanian for Qt's own dialogs and buttons (Qt ships no qtbase_sq). Compile with:
     pyside6-lrelease resources/locale/sq/qt/qtbase_sq.ts -qm resources/locale/sq/qt/qtbase_sq.qm -->
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>Disk</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Skedar</translation>
    </message>
    <message>
        <source>File Folder</source>
        <translation>Dosje</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Dosje</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Shkurtore</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>Pseudonim</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>E panjohur</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Select All</source>
        <translation>&amp;Përzgjidh të gjitha</translation>
    </message>
    <message>
        <source>&amp;Step up</source>
        <translation>&amp;Rrit</translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation>&amp;Ul</translation>
    </message>
</context>
<context>
    <name>QComboBox</name>
    <message>
        <source>Open the combo box selection popup</source>
        <translation>Hap listën e zgjedhjeve</translation>
    </message>
    <message>
        <source>True</source>
        <translation>Po</translation>
    </message>
    <message>
        <source>False</source>
        <translation>Jo</translation>
    </message>
</context>
<context>
    <name>QDialog</name>
    <message>
        <source>What's This?</source>
        <translation>Çfarë është kjo?</translation>
    </message>
</context>
<context>
    <name>QDialogButtonBox</name>
    <message>
        <source>OK</source>
        <translation>Në rregull</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Look in:</source>
        <translation>Kërko në:</translation>
    </message>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Kërko në:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>&amp;Emri i skedarit:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Skedarë të &amp;llojit:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Hap</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Ruaj</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Zgjidh</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Hap</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Ruaj si</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Mbrapa</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Kthehu mbrapa</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Përpara</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Shko përpara</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Dosja mëmë</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Shko te dosja mëmë</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Krijo një dosje të re</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Krijo një dosje të re</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Dosje e re</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>&amp;Dosje e re</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Pamje listë</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Kalo te pamja listë</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Pamje me hollësi</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Kalo te pamja me hollësi</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Shiriti anësor</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>Lista e vendeve dhe e faqeshënuesve</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>Vendet e fundit</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Dosja:</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>Dosjet</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Skedarët</translation>
    </message>
    <message>
        <source>Find Directory</source>
        <translation>Gjej dosjen</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Të gjithë skedarët (*)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Të gjithë skedarët (*)</translation>
    </message>
    <message>
        <source>Show </source>
        <translation>Shfaq </translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Shfaq skedarët e &amp;fshehur</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Riemërto</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Fshi</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Fshi</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Hiq</translation>
    </message>
    <message>
        <source>Alt+Left</source>
        <translation>Alt+Left</translation>
    </message>
    <message>
        <source>Alt+Right</source>
        <translation>Alt+Right</translation>
    </message>
    <message>
        <source>Alt+Up</source>
        <translation>Alt+Up</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 ekziston tashmë.
Doni ta zëvendësoni?</translation>
    </message>
    <message>
        <source>%1
File not found.
Please verify the correct file name was given.</source>
        <translation>%1
Skedari nuk u gjet.
Kontrolloni që emri i skedarit është i saktë.</translation>
    </message>
    <message>
        <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
        <translation>%1
Dosja nuk u gjet.
Kontrolloni që emri i dosjes është i saktë.</translation>
    </message>
    <message>
        <source>'%1' is write protected.
Do you want to delete it anyway?</source>
        <translation>'%1' është i mbrojtur nga shkrimi.
Doni ta fshini gjithsesi?</translation>
    </message>
    <message>
        <source>Are you sure you want to delete '%1'?</source>
        <translation>Jeni i sigurt që doni të fshini '%1'?</translation>
    </message>
    <message>
        <source>Could not delete directory.</source>
        <translation>Dosja nuk mund të fshihej.</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Emri</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Madhësia</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Lloji</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Lloji</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Ndryshuar më</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>Kompjuteri im</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Kompjuteri</translation>
    </message>
</context>
<context>
    <name>QInputDialog</name>
    <message>
        <source>Enter a value:</source>
        <translation>Shkruani një vlerë:</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Zhbëj</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Ribëj</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>P&amp;rij</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopjo</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Ngjit</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Fshi</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Përzgjidh të gjitha</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Shfaq hollësitë...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Fshih hollësitë...</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>Rreth Qt</translation>
    </message>
    <message>
        <source>&lt;h3&gt;About Qt&lt;/h3&gt;&lt;p&gt;This program uses Qt version %1.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Rreth Qt&lt;/h3&gt;&lt;p&gt;Ky program përdor Qt, versionin %1.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>QPageSetupWidget</name>
    <message>
        <source>Form</source>
        <translation>Formular</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Letra</translation>
    </message>
    <message>
        <source>Page size:</source>
        <translation>Madhësia e faqes:</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>Gjerësia:</translation>
    </message>
    <message>
        <source>Height:</source>
        <translation>Lartësia:</translation>
    </message>
    <message>
        <source>Paper source:</source>
        <translation>Burimi i letrës:</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>Drejtimi</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Vertikale</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>Horizontale</translation>
    </message>
    <message>
        <source>Reverse landscape</source>
        <translation>Horizontale e përmbysur</translation>
    </message>
    <message>
        <source>Reverse portrait</source>
        <translation>Vertikale e përmbysur</translation>
    </message>
    <message>
        <source>Margins</source>
        <translation>Kufijtë</translation>
    </message>
    <message>
        <source>top margin</source>
        <translation>kufiri i sipërm</translation>
    </message>
    <message>
        <source>left margin</source>
        <translation>kufiri i majtë</translation>
    </message>
    <message>
        <source>right margin</source>
        <translation>kufiri i djathtë</translation>
    </message>
    <message>
        <source>bottom margin</source>
        <translation>kufiri i poshtëm</translation>
    </message>
    <message>
        <source>Page Layout</source>
        <translation>Faqosja</translation>
    </message>
    <message>
        <source>Page &amp;order:</source>
        <translation>&amp;Rendi i faqeve:</translation>
    </message>
    <message>
        <source>Pages &amp;per sheet:</source>
        <translation>Faqe &amp;për fletë:</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>E zgjedhur</translation>
    </message>
    <message>
        <source>Millimeters (mm)</source>
        <translation>Milimetra (mm)</translation>
    </message>
    <message>
        <source>Inches (in)</source>
        <translation>Inç (in)</translation>
    </message>
    <message>
        <source>Points (pt)</source>
        <translation>Pikë (pt)</translation>
    </message>
    <message>
        <source>Pica (P̸)</source>
        <translation>Pica (P̸)</translation>
    </message>
    <message>
        <source>Didot (DD)</source>
        <translation>Didot (DD)</translation>
    </message>
    <message>
        <source>Cicero (CC)</source>
        <translation>Cicero (CC)</translation>
    </message>
    <message>
        <source>mm</source>
        <translation>mm</translation>
    </message>
    <message>
        <source>in</source>
        <translation>in</translation>
    </message>
    <message>
        <source>pt</source>
        <translation>pt</translation>
    </message>
    <message>
        <source>P̸</source>
        <translation>P̸</translation>
    </message>
    <message>
        <source>DD</source>
        <translation>DD</translation>
    </message>
    <message>
        <source>CC</source>
        <translation>CC</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>Në rregull</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Ruaj</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Ruaji të gjitha</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Hap</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Po</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Po për të &amp;gjitha</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Jo</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>J&amp;o për të gjitha</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Ndërprit</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Provo sërish</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Shpërfill</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Mbyll</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anulo</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Hidh poshtë</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Ndihmë</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Zbato</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Rivendos</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Rikthe parazgjedhjet</translation>
    </message>
</context>
<context>
    <name>QPrintDialog</name>
    <message>
        <source>Print</source>
        <translation>Printo</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Printo</translation>
    </message>
    <message>
        <source>&amp;Options &gt;&gt;</source>
        <translation>&amp;Mundësitë &gt;&gt;</translation>
    </message>
    <message>
        <source>&amp;Options &lt;&lt;</source>
        <translation>&amp;Mundësitë &lt;&lt;</translation>
    </message>
    <message>
        <source>Print to File (PDF)</source>
        <translation>Printo në skedar (PDF)</translation>
    </message>
    <message>
        <source>Print To File ...</source>
        <translation>Printo në skedar ...</translation>
    </message>
    <message>
        <source>Local file</source>
        <translation>Skedar vendor</translation>
    </message>
    <message>
        <source>Write PDF file</source>
        <translation>Shkruaj skedarin PDF</translation>
    </message>
    <message>
        <source>All Pages</source>
        <translation>Të gjitha faqet</translation>
    </message>
    <message>
        <source>Odd Pages</source>
        <translation>Faqet tek</translation>
    </message>
    <message>
        <source>Even Pages</source>
        <translation>Faqet çift</translation>
    </message>
    <message>
        <source>1 (1x1)</source>
        <translation>1 (1x1)</translation>
    </message>
    <message>
        <source>2 (2x1)</source>
        <translation>2 (2x1)</translation>
    </message>
    <message>
        <source>4 (2x2)</source>
        <translation>4 (2x2)</translation>
    </message>
    <message>
        <source>6 (2x3)</source>
        <translation>6 (2x3)</translation>
    </message>
    <message>
        <source>9 (3x3)</source>
        <translation>9 (3x3)</translation>
    </message>
    <message>
        <source>16 (4x4)</source>
        <translation>16 (4x4)</translation>
    </message>
    <message>
        <source>Left to Right, Top to Bottom</source>
        <translation>Nga e majta në të djathtë, nga lart poshtë</translation>
    </message>
    <message>
        <source>Left to Right, Bottom to Top</source>
        <translation>Nga e majta në të djathtë, nga poshtë lart</translation>
    </message>
    <message>
        <source>Right to Left, Bottom to Top</source>
        <translation>Nga e djathta në të majtë, nga poshtë lart</translation>
    </message>
    <message>
        <source>Right to Left, Top to Bottom</source>
        <translation>Nga e djathta në të majtë, nga lart poshtë</translation>
    </message>
    <message>
        <source>Bottom to Top, Left to Right</source>
        <translation>Nga poshtë lart, nga e majta në të djathtë</translation>
    </message>
    <message>
        <source>Bottom to Top, Right to Left</source>
        <translation>Nga poshtë lart, nga e djathta në të majtë</translation>
    </message>
    <message>
        <source>Top to Bottom, Left to Right</source>
        <translation>Nga lart poshtë, nga e majta në të djathtë</translation>
    </message>
    <message>
        <source>Top to Bottom, Right to Left</source>
        <translation>Nga lart poshtë, nga e djathta në të majtë</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to overwrite it?</source>
        <translation>%1 ekziston tashmë.
Doni ta mbishkruani?</translation>
    </message>
    <message>
        <source>%1 is a directory.
Please choose a different file name.</source>
        <translation>%1 është dosje.
Zgjidhni një emër tjetër skedari.</translation>
    </message>
    <message>
        <source>File %1 is not writable.
Please choose a different file name.</source>
        <translation>Në skedarin %1 nuk mund të shkruhet.
Zgjidhni një emër tjetër skedari.</translation>
    </message>
    <message>
        <source>The 'From' value cannot be greater than the 'To' value.</source>
        <translation>Vlera 'Nga' nuk mund të jetë më e madhe se vlera 'Deri'.</translation>
    </message>
    <message>
        <source>Invalid Pages Definition</source>
        <translation>Faqe të dhëna gabim</translation>
    </message>
    <message>
        <source>%1 does not follow the correct syntax. Please use ',' to separate ranges and pages, '-' to define ranges and make sure ranges do not intersect with each other.</source>
        <translation>%1 nuk është shkruar si duhet. Ndani faqet dhe intervalet me ',', shënoni një interval me '-' dhe kujdesuni që intervalet të mos mbivendosen.</translation>
    </message>
    <message>
        <source>Duplex Settings Conflicts</source>
        <translation>Rregullime të kundërta për printimin në të dy anët</translation>
    </message>
    <message>
        <source>There are conflicts in duplex settings. Do you want to fix them?</source>
        <translation>Rregullimet për printimin në të dy anët bien ndesh. Doni t'i ndreqni?</translation>
    </message>
    <message>
        <source>Options 'Pages Per Sheet' and 'Page Set' cannot be used together.
Please turn one of those options off.</source>
        <translation>'Faqe për fletë' dhe 'Grupi i faqeve' nuk përdoren dot bashkë.
Çaktivizoni njërën prej tyre.</translation>
    </message>
</context>
<context>
    <name>QPrintPreviewDialog</name>
    <message>
        <source>Print Preview</source>
        <translation>Parapamja e printimit</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Faqja tjetër</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Faqja e mëparshme</translation>
    </message>
    <message>
        <source>First page</source>
        <translation>Faqja e parë</translation>
    </message>
    <message>
        <source>Last page</source>
        <translation>Faqja e fundit</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>Sa gjerësia</translation>
    </message>
    <message>
        <source>Fit page</source>
        <translation>Sa faqja</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zmadho</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zvogëlo</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Vertikale</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>Horizontale</translation>
    </message>
    <message>
        <source>Show single page</source>
        <translation>Shfaq një faqe</translation>
    </message>
    <message>
        <source>Show facing pages</source>
        <translation>Shfaq faqet përballë</translation>
    </message>
    <message>
        <source>Show overview of all pages</source>
        <translation>Shfaq të gjitha faqet</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Printo</translation>
    </message>
    <message>
        <source>Page setup</source>
        <translation>Rregullimi i faqes</translation>
    </message>
    <message>
        <source>Page Setup</source>
        <translation>Rregullimi i faqes</translation>
    </message>
    <message>
        <source>Export to PDF</source>
        <translation>Eksporto në PDF</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesDialog</name>
    <message>
        <source>Printer Properties</source>
        <translation>Vetitë e printerit</translation>
    </message>
    <message>
        <source>Job Options</source>
        <translation>Mundësitë e punës</translation>
    </message>
    <message>
        <source>Page Setup Conflicts</source>
        <translation>Rregullime të kundërta të faqes</translation>
    </message>
    <message>
        <source>There are conflicts in page setup options. Do you want to fix them?</source>
        <translation>Rregullimet e faqes bien ndesh. Doni t'i ndreqni?</translation>
    </message>
    <message>
        <source>Advanced Option Conflicts</source>
        <translation>Mundësi të avancuara që bien ndesh</translation>
    </message>
    <message>
        <source>There are conflicts in some advanced options. Do you want to fix them?</source>
        <translation>Disa mundësi të avancuara bien ndesh. Doni t'i ndreqni?</translation>
    </message>
    <message>
        <source>Custom value for %1</source>
        <translation>Vlerë e zgjedhur për %1</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesWidget</name>
    <message>
        <source>Form</source>
        <translation>Formular</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Faqja</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Të avancuara</translation>
    </message>
    <message>
        <source>There are conflicts in some options. Please fix them.</source>
        <translation>Disa mundësi bien ndesh. Ju lutemi ndreqini.</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>Form</source>
        <translation>Formular</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>Kopjet</translation>
    </message>
    <message>
        <source>Copies:</source>
        <translation>Kopje:</translation>
    </message>
    <message>
        <source>Print range</source>
        <translation>Çfarë të printohet</translation>
    </message>
    <message>
        <source>Print all</source>
        <translation>Të gjitha</translation>
    </message>
    <message>
        <source>Pages from</source>
        <translation>Faqet nga</translation>
    </message>
    <message>
        <source>to</source>
        <translation>deri</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Faqet</translation>
    </message>
    <message>
        <source>Current Page</source>
        <translation>Faqja e tanishme</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Përzgjedhja</translation>
    </message>
    <message>
        <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
        <translation>Shkruani faqe ose intervale të ndara me presje. Një interval jepet me dy numra të ndarë me vizë. P.sh.: 3,5-7,9 printon faqet 3, 5, 6, 7 dhe 9.</translation>
    </message>
    <message>
        <source>Output Settings</source>
        <translation>Rregullimet e daljes</translation>
    </message>
    <message>
        <source>Collate</source>
        <translation>Rendit sipas kopjeve</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>Në rend të kundërt</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Mundësitë</translation>
    </message>
    <message>
        <source>Color Mode</source>
        <translation>Ngjyrat</translation>
    </message>
    <message>
        <source>Color</source>
        <translation>Me ngjyra</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>Bardhezi</translation>
    </message>
    <message>
        <source>Double Sided Printing</source>
        <translation>Printim në të dy anët</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Jo</translation>
    </message>
    <message>
        <source>Long side binding</source>
        <translation>Lidhje në anën e gjatë</translation>
    </message>
    <message>
        <source>Short side binding</source>
        <translation>Lidhje në anën e shkurtër</translation>
    </message>
    <message>
        <source>Page &amp;Set:</source>
        <translation>&amp;Grupi i faqeve:</translation>
    </message>
</context>
<context>
    <name>QPrintWidget</name>
    <message>
        <source>Form</source>
        <translation>Formular</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printeri</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Emri:</translation>
    </message>
    <message>
        <source>P&amp;roperties</source>
        <translation>&amp;Vetitë</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Vendndodhja:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Parapamje</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Lloji:</translation>
    </message>
    <message>
        <source>Output &amp;file:</source>
        <translation>&amp;Skedari i daljes:</translation>
    </message>
    <message>
        <source>...</source>
        <translation>...</translation>
    </message>
</context>
<context>
    <name>QProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Anulo</translation>
    </message>
</context>
<context>
    <name>QScrollBar</name>
    <message>
        <source>Scroll here</source>
        <translation>Rrëshqit këtu</translation>
    </message>
    <message>
        <source>Left edge</source>
        <translation>Skaji i majtë</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>Lart</translation>
    </message>
    <message>
        <source>Right edge</source>
        <translation>Skaji i djathtë</translation>
    </message>
    <message>
        <source>Bottom</source>
        <translation>Poshtë</translation>
    </message>
    <message>
        <source>Page left</source>
        <translation>Një faqe majtas</translation>
    </message>
    <message>
        <source>Page up</source>
        <translation>Një faqe lart</translation>
    </message>
    <message>
        <source>Page right</source>
        <translation>Një faqe djathtas</translation>
    </message>
    <message>
        <source>Page down</source>
        <translation>Një faqe poshtë</translation>
    </message>
    <message>
        <source>Scroll left</source>
        <translation>Rrëshqit majtas</translation>
    </message>
    <message>
        <source>Scroll up</source>
        <translation>Rrëshqit lart</translation>
    </message>
    <message>
        <source>Scroll right</source>
        <translation>Rrëshqit djathtas</translation>
    </message>
    <message>
        <source>Scroll down</source>
        <translation>Rrëshqit poshtë</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Zhbëj</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Ribëj</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>P&amp;rij</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopjo</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Kopjo &amp;adresën e lidhjes</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Ngjit</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Fshi</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Përzgjidh të gjitha</translation>
    </message>
</context>
<context>
    <name>QWizard</name>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Mbrapa</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Tjetri &gt;</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Tjetri</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Përfundo</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anulo</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Ndihmë</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Ndihmë</translation>
    </message>
    <message>
        <source>Go Back</source>
        <translation>Kthehu mbrapa</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Vazhdo</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Zbato</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>U krye</translation>
    </message>
</context>
</TS>
