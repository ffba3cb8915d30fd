<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Console</name>
    <message>
        <source>cannot write the screenshot to &quot;%1&quot;</source>
        <translation>kann das Bildschirmfoto nicht nach „%1“ schreiben</translation>
    </message>
    <message>
        <source>gpupool console</source>
        <translation>gpupool-Konsole</translation>
    </message>
    <message>
        <source>The operator&apos;s window of gpupool: endpoints, GPUs, live charts, leases, strategies.
--demo starts a simulated cluster on 127.0.0.1 inside the console.
Exit status: 0 closed normally, 1 failure, 2 bad option or setting.</source>
        <translation>Das Betriebsfenster von gpupool: Endpunkte, GPUs, Live-Diagramme, Reservierungen, Strategien.
--demo startet einen simulierten Cluster auf 127.0.0.1 innerhalb der Konsole.
Exit-Status: 0 normal geschlossen, 1 Fehler, 2 falsche Option oder Einstellung.</translation>
    </message>
    <message>
        <source>See gpupoolctl --help [%1].</source>
        <translation>Siehe gpupoolctl --help [%1].</translation>
    </message>
    <message>
        <source>VALUE</source>
        <translation>WERT</translation>
    </message>
    <message>
        <source>Run on a simulated cluster on 127.0.0.1 (nothing else is touched).</source>
        <translation>Auf einem simulierten Cluster auf 127.0.0.1 laufen (sonst wird nichts berührt).</translation>
    </message>
    <message>
        <source>Where leases live: sqlite:PATH, redis://... or unix://... (see gpupoolctl).</source>
        <translation>Wo Reservierungen liegen: sqlite:PFAD, redis://... oder unix://... (siehe gpupoolctl).</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>system, light or dark.</source>
        <translation>system, light oder dark.</translation>
    </message>
    <message>
        <source>THEME</source>
        <translation>THEMA</translation>
    </message>
    <message>
        <source>Save a picture of the window to FILE, then quit (after --quit-after MS, default 5000).</source>
        <translation>Ein Bild des Fensters in DATEI speichern, dann beenden (nach --quit-after MS, Vorgabe 5000).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>Quit after MS milliseconds.</source>
        <translation>Nach MS Millisekunden beenden.</translation>
    </message>
    <message>
        <source>MS</source>
        <translation>MS</translation>
    </message>
    <message>
        <source>Log debug messages of every gpupool module.</source>
        <translation>Debug-Meldungen aller gpupool-Module protokollieren.</translation>
    </message>
    <message>
        <source>--quit-after: &quot;%1&quot; is not a number of milliseconds (0 or more)</source>
        <translation>--quit-after: „%1“ ist keine Anzahl Millisekunden (0 oder mehr)</translation>
    </message>
    <message>
        <source>--theme: &quot;%1&quot; is not one of system, light, dark</source>
        <translation>--theme: „%1“ ist keines von system, light, dark</translation>
    </message>
</context>
<context>
    <name>Statd</name>
    <message>
        <source>address already in use</source>
        <translation>Adresse wird bereits verwendet</translation>
    </message>
    <message>
        <source>address not available on this machine</source>
        <translation>Adresse auf diesem Rechner nicht verfügbar</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>Zugriff verweigert</translation>
    </message>
    <message>
        <source>Serves GPU statistics over HTTP, compatible with the GPU Worker Pool&apos;s server.
Reads the GPUs with nvidia-smi, or simulates them with --simulate N.
Paths: /gpu/summary /gpu/stats /gpu/count /gpu/processes /health /config /metrics /
Prints the server&apos;s base URL (with --cluster: one URL per line) on standard output.
Environment: HOST, PORT, REFRESH_INTERVAL (the options take precedence),
CUDA_VISIBLE_DEVICES (which GPUs to show).
Exit status: 0 stopped by SIGINT/SIGTERM, 1 cannot serve, 2 bad option or setting.</source>
        <translation>Liefert GPU-Statistiken über HTTP, kompatibel mit dem Server des GPU Worker Pool.
Liest die GPUs mit nvidia-smi oder simuliert sie mit --simulate N.
Pfade: /gpu/summary /gpu/stats /gpu/count /gpu/processes /health /config /metrics /
Gibt die Basis-URL des Servers (mit --cluster: eine URL pro Zeile) auf der Standardausgabe aus.
Umgebung: HOST, PORT, REFRESH_INTERVAL (die Optionen haben Vorrang),
CUDA_VISIBLE_DEVICES (welche GPUs gezeigt werden).
Exit-Status: 0 durch SIGINT/SIGTERM beendet, 1 kann nicht dienen, 2 falsche Option oder Einstellung.</translation>
    </message>
    <message>
        <source>Listen on ADDR:PORT (default 127.0.0.1:8000; [::1]:PORT for IPv6; port 0 picks a free port).</source>
        <translation>Auf ADRESSE:PORT lauschen (Vorgabe 127.0.0.1:8000; [::1]:PORT für IPv6; Port 0 wählt einen freien Port).</translation>
    </message>
    <message>
        <source>ADDR:PORT</source>
        <translation>ADRESSE:PORT</translation>
    </message>
    <message>
        <source>Serve N simulated GPUs (0-1024).</source>
        <translation>N simulierte GPUs anbieten (0–1024).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Seed of the simulation (default 1): the same seed gives the same GPUs and load.</source>
        <translation>Startwert der Simulation (Vorgabe 1): derselbe Startwert ergibt dieselben GPUs und dieselbe Last.</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>Run K simulated servers on consecutive ports, seeded S, S+1, ... (default 1).</source>
        <translation>K simulierte Server auf aufeinanderfolgenden Ports betreiben, mit den Startwerten S, S+1, … (Vorgabe 1).</translation>
    </message>
    <message>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <source>Seconds a reading of the GPUs is reused (default 1; 0 reads on every request).</source>
        <translation>Sekunden, die eine Messung der GPUs wiederverwendet wird (Vorgabe 1; 0 misst bei jeder Anfrage).</translation>
    </message>
    <message>
        <source>The nvidia-smi program to run (default: nvidia-smi from PATH).</source>
        <translation>Das auszuführende nvidia-smi-Programm (Vorgabe: nvidia-smi aus PATH).</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>PFAD</translation>
    </message>
    <message>
        <source>Seconds nvidia-smi may take before it is stopped and the reading fails (default 5).</source>
        <translation>Sekunden, die nvidia-smi brauchen darf, bevor es beendet wird und die Messung fehlschlägt (Vorgabe 5).</translation>
    </message>
    <message>
        <source>Require an API key (X-API-Key: KEY or Authorization: Bearer KEY) from FILE, one per line.</source>
        <translation>Einen API-Schlüssel (X-API-Key: SCHLÜSSEL oder Authorization: Bearer SCHLÜSSEL) aus DATEI verlangen, einer pro Zeile.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>Require the API key on /health too (open by default).</source>
        <translation>Den API-Schlüssel auch für /health verlangen (standardmäßig offen).</translation>
    </message>
    <message>
        <source>Serve HTTPS with this PEM certificate (chain).</source>
        <translation>HTTPS mit diesem PEM-Zertifikat (bzw. dieser Kette) anbieten.</translation>
    </message>
    <message>
        <source>The PEM private key of --tls-cert.</source>
        <translation>Der private PEM-Schlüssel zu --tls-cert.</translation>
    </message>
    <message>
        <source>Allow listening on a non-loopback address without --api-key-file.</source>
        <translation>Lauschen auf einer Adresse außerhalb von Loopback ohne --api-key-file erlauben.</translation>
    </message>
    <message>
        <source>Log debug messages (every request).</source>
        <translation>Debug-Meldungen protokollieren (jede Anfrage).</translation>
    </message>
    <message>
        <source>unexpected argument: &quot;%1&quot;</source>
        <translation>unerwartetes Argument: „%1“</translation>
    </message>
    <message>
        <source>cannot listen on %1: %2</source>
        <translation>kann nicht auf %1 lauschen: %2</translation>
    </message>
</context>
<context>
    <name>gpupool::balance::StrategyRegistry</name>
    <message>
        <source>Unknown load balancing strategy: %1. Available strategies: %2</source>
        <translation>Unbekannte Lastverteilungsstrategie: %1. Verfügbare Strategien: %2</translation>
    </message>
</context>
<context>
    <name>gpupool::cli::Duration</name>
    <message>
        <source>from %1 to %2</source>
        <translation>von %1 bis %2</translation>
    </message>
    <message>
        <source>expected seconds or a number with a unit s, m, h or d (90s, 15m, 4h, 1d)</source>
        <translation>erwartet: Sekunden oder eine Zahl mit der Einheit s, m, h oder d (90s, 15m, 4h, 1d)</translation>
    </message>
    <message>
        <source>expected a number with a unit s, m, h or d (90s, 15m, 4h, 1d)</source>
        <translation>erwartet: eine Zahl mit der Einheit s, m, h oder d (90s, 15m, 4h, 1d)</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a valid duration: %3</source>
        <translation>%1: „%2“ ist keine gültige Dauer: %3</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is out of range: expected a duration %3</source>
        <translation>%1: „%2“ liegt außerhalb des Bereichs: erwartet wird eine Dauer %3</translation>
    </message>
</context>
<context>
    <name>gpupool::cli::ExitStatus</name>
    <message>
        <source>Exit status:
  0  success
  1  failure
  2  usage or configuration error
  3  timed out waiting for GPUs (--wait)
  4  not enough GPUs
  5  no endpoint reachable</source>
        <translation>Exit-Status:
  0  Erfolg
  1  Fehler
  2  Aufruf- oder Konfigurationsfehler
  3  Zeitüberschreitung beim Warten auf GPUs (--wait)
  4  nicht genug GPUs
  5  kein Endpunkt erreichbar</translation>
    </message>
</context>
<context>
    <name>gpupool::config::EndpointList</name>
    <message>
        <source>an endpoint name must be non-empty, without &apos;:&apos; or spaces</source>
        <translation>ein Endpunktname darf nicht leer sein und weder &apos;:&apos; noch Leerzeichen enthalten</translation>
    </message>
    <message>
        <source>&quot;%1&quot; repeats an earlier endpoint and is ignored</source>
        <translation>„%1“ wiederholt einen früheren Endpunkt und wird ignoriert</translation>
    </message>
    <message>
        <source>expected at least one http or https URL</source>
        <translation>mindestens eine http- oder https-URL erwartet</translation>
    </message>
    <message>
        <source>the endpoint name &quot;%1&quot; is used more than once; %2 is called %3</source>
        <translation>der Endpunktname „%1“ wird mehrfach verwendet; %2 heißt %3</translation>
    </message>
</context>
<context>
    <name>gpupool::config::EndpointUrl</name>
    <message>
        <source>expected an http or https URL such as http://server1:8000</source>
        <translation>http- oder https-URL erwartet, etwa http://server1:8000</translation>
    </message>
    <message>
        <source>a URL cannot contain spaces</source>
        <translation>eine URL darf keine Leerzeichen enthalten</translation>
    </message>
    <message>
        <source>not a valid URL</source>
        <translation>keine gültige URL</translation>
    </message>
    <message>
        <source>not a valid URL (%1)</source>
        <translation>keine gültige URL (%1)</translation>
    </message>
    <message>
        <source>only http and https URLs are accepted, not %1:</source>
        <translation>nur http- und https-URLs werden angenommen, nicht %1:</translation>
    </message>
    <message>
        <source>the URL has no host</source>
        <translation>die URL hat keinen Host</translation>
    </message>
    <message>
        <source>a URL cannot carry a user name or password</source>
        <translation>eine URL darf weder Benutzername noch Passwort enthalten</translation>
    </message>
    <message>
        <source>port 0 is not a port a server can listen on</source>
        <translation>Port 0 ist kein Port, auf dem ein Server lauschen kann</translation>
    </message>
    <message>
        <source>a URL cannot have a query (?) or fragment (#)</source>
        <translation>eine URL darf keine Abfrage (?) und kein Fragment (#) haben</translation>
    </message>
</context>
<context>
    <name>gpupool::config::GpuId</name>
    <message>
        <source>&quot;%1&quot; is not a global GPU id: expected &lt;endpoint_id&gt;:&lt;local_gpu_id&gt;, e.g. server1_8000:0</source>
        <translation>„%1“ ist keine globale GPU-ID: erwartet &lt;endpoint_id&gt;:&lt;local_gpu_id&gt;, z. B. server1_8000:0</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a global GPU id: the endpoint id before &apos;:&apos; is empty</source>
        <translation>„%1“ ist keine globale GPU-ID: die Endpunkt-ID vor &apos;:&apos; ist leer</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a global GPU id: the endpoint id cannot contain spaces</source>
        <translation>„%1“ ist keine globale GPU-ID: die Endpunkt-ID darf keine Leerzeichen enthalten</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a global GPU id: the local GPU id after the last &apos;:&apos; must be a non-negative integer</source>
        <translation>„%1“ ist keine globale GPU-ID: die lokale GPU-ID nach dem letzten &apos;:&apos; muss eine nicht negative ganze Zahl sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a GPU id: expected a non-negative integer such as 0</source>
        <translation>„%1“ ist keine GPU-ID: erwartet wird eine nicht negative ganze Zahl wie 0</translation>
    </message>
</context>
<context>
    <name>gpupool::config::Resolver</name>
    <message>
        <source>%1: ignored, because %2 is also set and takes precedence</source>
        <translation>%1: ignoriert, weil auch %2 gesetzt ist und Vorrang hat</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not valid: %3</source>
        <translation>%1: „%2“ ist ungültig: %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: ignored, because an endpoint list is set (%2)</source>
        <translation>%1: ignoriert, weil eine Endpunktliste gesetzt ist (%2)</translation>
    </message>
    <message>
        <source>expected a number from 0 to 100</source>
        <translation>erwartet: eine Zahl von 0 bis 100</translation>
    </message>
    <message>
        <source>expected a number of seconds from 0.2 to 86400</source>
        <translation>erwartet: eine Anzahl Sekunden von 0.2 bis 86400</translation>
    </message>
    <message>
        <source>expected a number of seconds greater than 0 and at most 86400</source>
        <translation>erwartet: eine Anzahl Sekunden größer als 0 und höchstens 86400</translation>
    </message>
    <message>
        <source>expected a whole number from 1 to 1000</source>
        <translation>erwartet: eine ganze Zahl von 1 bis 1000</translation>
    </message>
    <message>
        <source>expected a whole number of bytes from 1024 to 1073741824</source>
        <translation>erwartet: eine ganze Zahl von Bytes von 1024 bis 1073741824</translation>
    </message>
</context>
<context>
    <name>gpupool::config::Source</name>
    <message>
        <source>command line</source>
        <translation>Kommandozeile</translation>
    </message>
    <message>
        <source>environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>settings file</source>
        <translation>Einstellungsdatei</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Vorgabe</translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::CommandLine</name>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>The GPU statistics server, in single-endpoint mode (default http://localhost:8080).</source>
        <translation>Der GPU-Statistikserver im Modus mit einem Endpunkt (Vorgabe http://localhost:8080).</translation>
    </message>
    <message>
        <source>LIST</source>
        <translation>LISTE</translation>
    </message>
    <message>
        <source>Comma-separated endpoints, each URL or name=URL: multi-endpoint mode.</source>
        <translation>Durch Kommas getrennte Endpunkte, jeweils URL oder name=URL: Modus mit mehreren Endpunkten.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Load-balancing strategy: %1.</source>
        <translation>Lastverteilungsstrategie: %1.</translation>
    </message>
    <message>
        <source>PERCENT</source>
        <translation>PROZENT</translation>
    </message>
    <message>
        <source>A GPU is available below this memory use (0-100, default 80).</source>
        <translation>Eine GPU ist unterhalb dieser Speichernutzung verfügbar (0–100, Vorgabe 80).</translation>
    </message>
    <message>
        <source>A GPU is available below this utilization (0-100, default 90).</source>
        <translation>Eine GPU ist unterhalb dieser Auslastung verfügbar (0–100, Vorgabe 90).</translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation>SEKUNDEN</translation>
    </message>
    <message>
        <source>Seconds between polls while waiting or watching (default 5).</source>
        <translation>Sekunden zwischen Abfragen beim Warten oder Beobachten (Vorgabe 5).</translation>
    </message>
    <message>
        <source>Seconds an endpoint may take to answer (default 10).</source>
        <translation>Sekunden, die ein Endpunkt für die Antwort brauchen darf (Vorgabe 10).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Failed polls before an endpoint&apos;s circuit breaker opens (default 3).</source>
        <translation>Fehlgeschlagene Abfragen, bevor der Schutzschalter eines Endpunkts öffnet (Vorgabe 3).</translation>
    </message>
    <message>
        <source>Seconds between /health checks (default 30).</source>
        <translation>Sekunden zwischen /health-Prüfungen (Vorgabe 30).</translation>
    </message>
    <message>
        <source>BYTES</source>
        <translation>BYTES</translation>
    </message>
    <message>
        <source>Largest answer accepted from an endpoint (default 4194304).</source>
        <translation>Größte von einem Endpunkt angenommene Antwort (Vorgabe 4194304).</translation>
    </message>
    <message>
        <source>Where leases live: sqlite:PATH (default: one file per user), redis://[[user]:password@]host[:port][/db]?cluster=NAME or unix:///path?cluster=NAME (shared).</source>
        <translation>Wo Reservierungen liegen: sqlite:PFAD (Vorgabe: eine Datei pro Benutzer), redis://[[user]:password@]host[:port][/db]?cluster=NAME oder unix:///path?cluster=NAME (gemeinsam).</translation>
    </message>
    <message>
        <source>Read settings from this INI file instead of the user&apos;s settings.</source>
        <translation>Einstellungen aus dieser INI-Datei statt aus denen des Benutzers lesen.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>Print JSON (stable field names, see the README) instead of tables.</source>
        <translation>JSON (stabile Feldnamen, siehe README) statt Tabellen ausgeben.</translation>
    </message>
    <message>
        <source>Log debug messages of every gpupool module to standard error.</source>
        <translation>Debug-Meldungen aller gpupool-Module auf die Standardfehlerausgabe schreiben.</translation>
    </message>
    <message>
        <source>How long the lease lasts: 90s, 15m, 4h, 1d (default 4h).</source>
        <translation>Wie lange die Reservierung dauert: 90s, 15m, 4h, 1d (Vorgabe 4h).</translation>
    </message>
    <message>
        <source>DURATION</source>
        <translation>DAUER</translation>
    </message>
    <message>
        <source>Mode, strategy, endpoints and GPUs, leases, waiting requests.</source>
        <translation>Modus, Strategie, Endpunkte und GPUs, Reservierungen, wartende Anforderungen.</translation>
    </message>
    <message>
        <source>Polls every endpoint once and prints a summary of the pool.</source>
        <translation>Fragt jeden Endpunkt einmal ab und gibt eine Zusammenfassung des Pools aus.</translation>
    </message>
    <message>
        <source>Each endpoint: state, GPUs available/total, response time, last seen.</source>
        <translation>Jeder Endpunkt: Zustand, GPUs verfügbar/gesamt, Antwortzeit, zuletzt gesehen.</translation>
    </message>
    <message>
        <source>Polls every endpoint once and prints one line per endpoint.</source>
        <translation>Fragt jeden Endpunkt einmal ab und gibt eine Zeile pro Endpunkt aus.</translation>
    </message>
    <message>
        <source>Each GPU: memory, utilization, available or why not, holder.</source>
        <translation>Jede GPU: Speicher, Auslastung, verfügbar oder warum nicht, Inhaber.</translation>
    </message>
    <message>
        <source>Polls every endpoint once and prints one line per GPU.</source>
        <translation>Fragt jeden Endpunkt einmal ab und gibt eine Zeile pro GPU aus.</translation>
    </message>
    <message>
        <source>Your leases (--all: everyone&apos;s; --history: ended leases).</source>
        <translation>Ihre Reservierungen (--all: die aller; --history: beendete Reservierungen).</translation>
    </message>
    <message>
        <source>Prints the active leases in the store (yours unless --all), or with --history how leases ended.</source>
        <translation>Gibt die aktiven Reservierungen im Speicher aus (Ihre, außer mit --all), oder mit --history, wie Reservierungen endeten.</translation>
    </message>
    <message>
        <source>Everyone&apos;s leases, not only yours.</source>
        <translation>Die Reservierungen aller, nicht nur Ihre.</translation>
    </message>
    <message>
        <source>Ended leases (released, expired, revoked), newest first.</source>
        <translation>Beendete Reservierungen (freigegeben, abgelaufen, entzogen), neueste zuerst.</translation>
    </message>
    <message>
        <source>At most N ended leases with --history (default 20).</source>
        <translation>Höchstens N beendete Reservierungen mit --history (Vorgabe 20).</translation>
    </message>
    <message>
        <source>Lease GPUs, and print how to use them.</source>
        <translation>GPUs reservieren und ausgeben, wie man sie nutzt.</translation>
    </message>
    <message>
        <source>Leases GPUs: all of --count or none (unless --partial), at once or, with --wait, as they become free. Prints each lease, its host and CUDA_VISIBLE_DEVICES.</source>
        <translation>Reserviert GPUs: alle von --count oder keine (außer mit --partial), sofort oder, mit --wait, sobald sie frei werden. Gibt jede Reservierung, ihren Host und CUDA_VISIBLE_DEVICES aus.</translation>
    </message>
    <message>
        <source>How many GPUs (default 1).</source>
        <translation>Wie viele GPUs (Vorgabe 1).</translation>
    </message>
    <message>
        <source>Only GPUs with at least this much memory.</source>
        <translation>Nur GPUs mit mindestens so viel Speicher.</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>Only GPUs whose name contains TEXT (e.g. H100).</source>
        <translation>Nur GPUs, deren Name TEXT enthält (z. B. H100).</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <source>Only GPUs of this endpoint (repeatable).</source>
        <translation>Nur GPUs dieses Endpunkts (wiederholbar).</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>A note others see with the lease.</source>
        <translation>Eine Notiz, die andere bei der Reservierung sehen.</translation>
    </message>
    <message>
        <source>Wait up to DURATION for GPUs to become free (default: do not wait).</source>
        <translation>Bis zu DAUER warten, bis GPUs frei werden (Vorgabe: nicht warten).</translation>
    </message>
    <message>
        <source>Accept fewer GPUs than --count (at least one).</source>
        <translation>Weniger GPUs als --count annehmen (mindestens eine).</translation>
    </message>
    <message>
        <source>[LEASE_ID]</source>
        <translation>[RESERVIERUNGS_ID]</translation>
    </message>
    <message>
        <source>Release one of your leases.</source>
        <translation>Eine Ihrer Reservierungen freigeben.</translation>
    </message>
    <message>
        <source>Releases one of your leases, by its id or by its GPU. Never someone else&apos;s.</source>
        <translation>Gibt eine Ihrer Reservierungen frei, über ihre ID oder ihre GPU. Nie die eines anderen.</translation>
    </message>
    <message>
        <source>Release your lease on this GPU (e.g. server1_8000:0).</source>
        <translation>Ihre Reservierung auf dieser GPU freigeben (z. B. server1_8000:0).</translation>
    </message>
    <message>
        <source>GLOBAL_ID</source>
        <translation>GLOBALE_ID</translation>
    </message>
    <message>
        <source>LEASE_ID</source>
        <translation>RESERVIERUNGS_ID</translation>
    </message>
    <message>
        <source>Extend one of your leases.</source>
        <translation>Eine Ihrer Reservierungen verlängern.</translation>
    </message>
    <message>
        <source>Moves the expiry of one of your leases to now + --ttl.</source>
        <translation>Setzt das Ablaufdatum einer Ihrer Reservierungen auf jetzt + --ttl.</translation>
    </message>
    <message>
        <source>[NAME]</source>
        <translation>[NAME]</translation>
    </message>
    <message>
        <source>Show the load-balancing strategy, or set it.</source>
        <translation>Die Lastverteilungsstrategie zeigen oder setzen.</translation>
    </message>
    <message>
        <source>Without NAME: the strategy in use and where it comes from. With NAME: remembers it in the settings (the --config file, or the user&apos;s settings). Strategies: %1.</source>
        <translation>Ohne NAME: die verwendete Strategie und woher sie kommt. Mit NAME: merkt sie sich in den Einstellungen (der --config-Datei oder denen des Benutzers). Strategien: %1.</translation>
    </message>
    <message>
        <source>ENDPOINT_ID</source>
        <translation>ENDPUNKT_ID</translation>
    </message>
    <message>
        <source>Probe an endpoint now and print the outcome.</source>
        <translation>Einen Endpunkt jetzt prüfen und das Ergebnis ausgeben.</translation>
    </message>
    <message>
        <source>Triggers recovery of an endpoint: an open circuit breaker goes half-open and probes at once. Prints what the probe found.</source>
        <translation>Löst die Erholung eines Endpunkts aus: ein offener Schutzschalter wird halb offen und prüft sofort. Gibt aus, was die Prüfung ergab.</translation>
    </message>
    <message>
        <source>The error-recovery summary.</source>
        <translation>Die Zusammenfassung der Fehlererholung.</translation>
    </message>
    <message>
        <source>Polls every endpoint once and prints the error-recovery summary.</source>
        <translation>Fragt jeden Endpunkt einmal ab und gibt die Zusammenfassung der Fehlererholung aus.</translation>
    </message>
    <message>
        <source>A live view that refreshes until Ctrl-C.</source>
        <translation>Eine Live-Ansicht, die sich bis Strg-C aktualisiert.</translation>
    </message>
    <message>
        <source>Polls the endpoints and redraws the pool&apos;s state until interrupted (Ctrl-C). With --json: one JSON object per line per refresh.</source>
        <translation>Fragt die Endpunkte ab und zeichnet den Zustand des Pools neu, bis unterbrochen wird (Strg-C). Mit --json: ein JSON-Objekt pro Zeile und Aktualisierung.</translation>
    </message>
    <message>
        <source>Seconds between refreshes, or a duration such as 2s (default 2).</source>
        <translation>Sekunden zwischen Aktualisierungen oder eine Dauer wie 2s (Vorgabe 2).</translation>
    </message>
    <message>
        <source>[COMMAND]</source>
        <translation>[BEFEHL]</translation>
    </message>
    <message>
        <source>Help on gpupoolctl or on one command.</source>
        <translation>Hilfe zu gpupoolctl oder zu einem Befehl.</translation>
    </message>
    <message>
        <source>Prints the help of gpupoolctl, or of COMMAND.</source>
        <translation>Gibt die Hilfe von gpupoolctl oder von BEFEHL aus.</translation>
    </message>
    <message>
        <source>Usage: gpupoolctl [global options] COMMAND [options] [arguments]
The GPU pool from the command line: see, lease and release the GPUs of shared GPU servers.

Commands:
</source>
        <translation>Aufruf: gpupoolctl [globale Optionen] BEFEHL [Optionen] [Argumente]
Der GPU-Pool auf der Kommandozeile: GPUs gemeinsam genutzter GPU-Server sehen, reservieren und freigeben.

Befehle:
</translation>
    </message>
    <message>
        <source>
&quot;gpupoolctl COMMAND --help&quot; shows a command&apos;s options.

Global options:
</source>
        <translation>
„gpupoolctl BEFEHL --help“ zeigt die Optionen eines Befehls.

Globale Optionen:
</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe zeigen.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Die Version zeigen.</translation>
    </message>
    <message>
        <source>
Environment: the variables above in [brackets] (an option beats a variable, which beats the settings file);
NO_COLOR (any value but empty) turns colours off. Colours are only used on a terminal, never with --json.

</source>
        <translation>
Umgebung: die Variablen oben in [Klammern] (eine Option schlägt eine Variable, die die Einstellungsdatei schlägt);
NO_COLOR (jeder nicht leere Wert) schaltet Farben ab. Farben gibt es nur im Terminal, nie mit --json.

</translation>
    </message>
    <message>
        <source>Usage: gpupoolctl [global options] %1%2%3
%4
</source>
        <translation>Aufruf: gpupoolctl [globale Optionen] %1%2%3
%4
</translation>
    </message>
    <message>
        <source> [options]</source>
        <translation> [Optionen]</translation>
    </message>
    <message>
        <source>
Options:
</source>
        <translation>
Optionen:
</translation>
    </message>
    <message>
        <source>
Global options (see gpupoolctl --help) may come before or after the command.

</source>
        <translation>
Globale Optionen (siehe gpupoolctl --help) dürfen vor oder nach dem Befehl stehen.

</translation>
    </message>
    <message>
        <source> (see gpupoolctl --help)</source>
        <translation> (siehe gpupoolctl --help)</translation>
    </message>
    <message>
        <source>no command given (see gpupoolctl --help)</source>
        <translation>kein Befehl angegeben (siehe gpupoolctl --help)</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;; commands: %2</source>
        <translation>unbekannter Befehl „%1“; Befehle: %2</translation>
    </message>
    <message>
        <source>%1: %2 (see gpupoolctl %1 --help)</source>
        <translation>%1: %2 (siehe gpupoolctl %1 --help)</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot; (see gpupoolctl --help)</source>
        <translation>unbekannter Befehl „%1“ (siehe gpupoolctl --help)</translation>
    </message>
    <message>
        <source>%1: unexpected argument &quot;%2&quot;</source>
        <translation>%1: unerwartetes Argument „%2“</translation>
    </message>
    <message>
        <source>%1: missing %2 (see gpupoolctl %1 --help)</source>
        <translation>%1: %2 fehlt (siehe gpupoolctl %1 --help)</translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Leases</name>
    <message>
        <source>No active leases.</source>
        <translation>Keine aktiven Reservierungen.</translation>
    </message>
    <message>
        <source>You (%1) hold no leases.</source>
        <translation>Sie (%1) halten keine Reservierungen.</translation>
    </message>
    <message>
        <source>No ended leases.</source>
        <translation>Keine beendeten Reservierungen.</translation>
    </message>
    <message>
        <source>--limit: &quot;%1&quot; is not valid: expected a whole number from 1 to %2</source>
        <translation>--limit: „%1“ ist ungültig: erwartet wird eine ganze Zahl von 1 bis %2</translation>
    </message>
    <message>
        <source>--limit only applies with --history</source>
        <translation>--limit gilt nur mit --history</translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Output</name>
    <message>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Recovery</name>
    <message>
        <source>Endpoint %1 is not known to the pool</source>
        <translation>Der Endpunkt %1 ist dem Pool nicht bekannt</translation>
    </message>
    <message>
        <source>, %1 ms</source>
        <translation>, %1 ms</translation>
    </message>
    <message>
        <source>%1: %2, breaker %3, %4 GPUs (%5 available)%6.</source>
        <translation>%1: %2, Schutzschalter %3, %4 GPUs (%5 verfügbar)%6.</translation>
    </message>
    <message>
        <source>reachable</source>
        <translation>erreichbar</translation>
    </message>
    <message>
        <source>%1: %2: %3 (breaker %4).</source>
        <translation>%1: %2: %3 (Schutzschalter %4).</translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>Endpoint %1 answers but is misconfigured: %2</source>
        <translation>Der Endpunkt %1 antwortet, ist aber falsch konfiguriert: %2</translation>
    </message>
    <message>
        <source>Endpoint %1 is not reachable: %2</source>
        <translation>Der Endpunkt %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>Unknown endpoint: %1. Endpoints: %2</source>
        <translation>Unbekannter Endpunkt: %1. Endpunkte: %2</translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Release</name>
    <message>
        <source>GPU %1 is leased by %2, not by you (%3); gpupoolctl never releases someone else&apos;s lease</source>
        <translation>GPU %1 ist von %2 reserviert, nicht von Ihnen (%3); gpupoolctl gibt nie die Reservierung eines anderen frei</translation>
    </message>
    <message>
        <source>You (%1) hold no lease on GPU %2</source>
        <translation>Sie (%1) halten keine Reservierung auf GPU %2</translation>
    </message>
    <message>
        <source>release: give either LEASE_ID or --gpu GLOBAL_ID, not both</source>
        <translation>release: geben Sie entweder RESERVIERUNGS_ID oder --gpu GLOBALE_ID an, nicht beides</translation>
    </message>
    <message>
        <source>release: missing LEASE_ID (or --gpu GLOBAL_ID)</source>
        <translation>release: RESERVIERUNGS_ID (oder --gpu GLOBALE_ID) fehlt</translation>
    </message>
    <message>
        <source>Released lease %1 (GPU %2).</source>
        <translation>Reservierung %1 (GPU %2) freigegeben.</translation>
    </message>
    <message>
        <source>Renewed lease %1 (GPU %2): expires %3 (%4).</source>
        <translation>Reservierung %1 (GPU %2) verlängert: läuft ab %3 (%4).</translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Request</name>
    <message>
        <source>Waiting up to %1 for %2 GPU(s); %3 available now ...</source>
        <translation>Warte bis zu %1 auf %2 GPU(s); jetzt verfügbar: %3 …</translation>
    </message>
    <message>
        <source>Timed out after %1 waiting for %2 GPU(s): %3</source>
        <translation>Zeitüberschreitung nach %1 beim Warten auf %2 GPU(s): %3</translation>
    </message>
    <message>
        <source>Granted %1 of the %2 GPUs requested (--partial):</source>
        <translation>%1 der %2 angeforderten GPUs vergeben (--partial):</translation>
    </message>
    <message>
        <source>Granted 1 GPU:</source>
        <translation>1 GPU vergeben:</translation>
    </message>
    <message>
        <source>Granted %1 GPUs:</source>
        <translation>%1 GPUs vergeben:</translation>
    </message>
    <message>
        <source>LEASE</source>
        <translation>RESERVIERUNG</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>HOST</source>
        <translation>HOST</translation>
    </message>
    <message>
        <source>EXPIRES</source>
        <translation>ABLAUF</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Use on %1 (%2): %3</source>
        <translation>Nutzung auf %1 (%2): %3</translation>
    </message>
    <message>
        <source>Release with: gpupoolctl release LEASE_ID</source>
        <translation>Freigeben mit: gpupoolctl release RESERVIERUNGS_ID</translation>
    </message>
    <message>
        <source>--count: &quot;%1&quot; is not valid: expected a whole number from 1 to %2</source>
        <translation>--count: „%1“ ist ungültig: erwartet wird eine ganze Zahl von 1 bis %2</translation>
    </message>
    <message>
        <source>--min-memory: &quot;%1&quot; is not valid: expected a number of GiB greater than 0 and at most %2</source>
        <translation>--min-memory: „%1“ ist ungültig: erwartet wird eine Anzahl GiB größer als 0 und höchstens %2</translation>
    </message>
    <message>
        <source>request --endpoint takes an endpoint id (%1), not a URL &quot;%2&quot;; to choose the server, put --endpoint URL before the command</source>
        <translation>request --endpoint nimmt eine Endpunkt-ID (%1), keine URL „%2“; um den Server zu wählen, setzen Sie --endpoint URL vor den Befehl</translation>
    </message>
    <message>
        <source>--endpoint: unknown endpoint &quot;%1&quot;; endpoints: %2</source>
        <translation>--endpoint: unbekannter Endpunkt „%1“; Endpunkte: %2</translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Run</name>
    <message>
        <source>--config: &quot;%1&quot;: no such readable file</source>
        <translation>--config: „%1“: keine lesbare Datei</translation>
    </message>
    <message>
        <source>--config: &quot;%1&quot; is not a valid INI file</source>
        <translation>--config: „%1“ ist keine gültige INI-Datei</translation>
    </message>
    <message>
        <source>No endpoint reachable (%1 configured): %2</source>
        <translation>Kein Endpunkt erreichbar (%1 konfiguriert): %2</translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Strategy</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Could not write the settings file %1</source>
        <translation>Konnte die Einstellungsdatei %1 nicht schreiben</translation>
    </message>
    <message>
        <source>%1 is set to &quot;%2&quot; and takes precedence over the settings file</source>
        <translation>%1 ist auf „%2“ gesetzt und hat Vorrang vor der Einstellungsdatei</translation>
    </message>
    <message>
        <source>Strategy set to %1 (saved in %2).</source>
        <translation>Strategie auf %1 gesetzt (gespeichert in %2).</translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Views</name>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>multi-endpoint</source>
        <translation>mehrere Endpunkte</translation>
    </message>
    <message>
        <source>single-endpoint</source>
        <translation>ein Endpunkt</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <source>%1 healthy of %2</source>
        <translation>%1 von %2 gesund</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPUs</translation>
    </message>
    <message>
        <source>%1 available of %2</source>
        <translation>%1 von %2 verfügbar</translation>
    </message>
    <message>
        <source>Leases</source>
        <translation>Reservierungen</translation>
    </message>
    <message>
        <source>%1 active, %2 yours</source>
        <translation>%1 aktiv, %2 Ihre</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>1 request</source>
        <translation>1 Anforderung</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 Anforderungen</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>This machine looks offline: most endpoints fail with local network errors.</source>
        <translation>Dieser Rechner scheint offline zu sein: die meisten Endpunkte scheitern mit lokalen Netzwerkfehlern.</translation>
    </message>
    <message>
        <source>Fully degraded: no endpoint is healthy; requests wait until one recovers.</source>
        <translation>Vollständig beeinträchtigt: kein Endpunkt ist gesund; Anforderungen warten, bis sich einer erholt.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>ZUSTAND</translation>
    </message>
    <message>
        <source>GPUS</source>
        <translation>GPUS</translation>
    </message>
    <message>
        <source>RESPONSE</source>
        <translation>ANTWORT</translation>
    </message>
    <message>
        <source>LAST SEEN</source>
        <translation>ZULETZT</translation>
    </message>
    <message>
        <source>REASON</source>
        <translation>GRUND</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>leased by you</source>
        <translation>von Ihnen reserviert</translation>
    </message>
    <message>
        <source>leased</source>
        <translation>reserviert</translation>
    </message>
    <message>
        <source>endpoint misconfigured</source>
        <translation>Endpunkt falsch konfiguriert</translation>
    </message>
    <message>
        <source>endpoint %1</source>
        <translation>Endpunkt %1</translation>
    </message>
    <message>
        <source>stale data</source>
        <translation>veraltete Daten</translation>
    </message>
    <message>
        <source>memory %1% ≥ %2%</source>
        <translation>Speicher %1% ≥ %2%</translation>
    </message>
    <message>
        <source>util %1% ≥ %2%</source>
        <translation>Auslastung %1% ≥ %2%</translation>
    </message>
    <message>
        <source>busy: %1</source>
        <translation>belegt: %1</translation>
    </message>
    <message>
        <source>not assignable</source>
        <translation>nicht zuteilbar</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>MEM %</source>
        <translation>SPEICHER %</translation>
    </message>
    <message>
        <source>UTIL %</source>
        <translation>AUSL. %</translation>
    </message>
    <message>
        <source>MEMORY</source>
        <translation>SPEICHER</translation>
    </message>
    <message>
        <source>HOLDER</source>
        <translation>INHABER</translation>
    </message>
    <message>
        <source>available</source>
        <translation>verfügbar</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>LEASE</source>
        <translation>RESERVIERUNG</translation>
    </message>
    <message>
        <source>OWNER</source>
        <translation>BESITZER</translation>
    </message>
    <message>
        <source>EXPIRES</source>
        <translation>ABLAUF</translation>
    </message>
    <message>
        <source>NOTE</source>
        <translation>NOTIZ</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>ENDED</source>
        <translation>BEENDET</translation>
    </message>
    <message>
        <source>HOW</source>
        <translation>WIE</translation>
    </message>
    <message>
        <source>BY</source>
        <translation>VON</translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Watch</name>
    <message>
        <source>gpupoolctl watch - every %1 - %2 - Ctrl-C to stop</source>
        <translation>gpupoolctl watch – alle %1 – %2 – Strg-C zum Beenden</translation>
    </message>
</context>
<context>
    <name>gpupool::endpoint::BoundedRequest</name>
    <message>
        <source>connection closed by the server before the answer was complete</source>
        <translation>Verbindung vom Server geschlossen, bevor die Antwort vollständig war</translation>
    </message>
    <message>
        <source>connection closed by the server before it answered</source>
        <translation>Verbindung vom Server geschlossen, bevor er antwortete</translation>
    </message>
    <message>
        <source>not a valid HTTP answer: headers too large</source>
        <translation>keine gültige HTTP-Antwort: Header zu groß</translation>
    </message>
    <message>
        <source>not a valid HTTP answer: bad chunked encoding</source>
        <translation>keine gültige HTTP-Antwort: fehlerhafte Chunked-Kodierung</translation>
    </message>
    <message>
        <source>not a valid HTTP answer: bad header</source>
        <translation>keine gültige HTTP-Antwort: fehlerhafter Header</translation>
    </message>
    <message>
        <source>not a valid HTTP answer</source>
        <translation>keine gültige HTTP-Antwort</translation>
    </message>
    <message>
        <source>auth error: the API key contains a line break; not sent</source>
        <translation>Authentifizierungsfehler: der API-Schlüssel enthält einen Zeilenumbruch; nicht gesendet</translation>
    </message>
    <message>
        <source>TLS error: %1</source>
        <translation>TLS-Fehler: %1</translation>
    </message>
    <message>
        <source>(certificate %1 is not the pinned one)</source>
        <translation>(Zertifikat %1 ist nicht das festgelegte)</translation>
    </message>
    <message>
        <source>too many redirects</source>
        <translation>zu viele Weiterleitungen</translation>
    </message>
</context>
<context>
    <name>gpupool::endpoint::CircuitBreaker</name>
    <message>
        <source>probe did not answer within %1</source>
        <translation>Probe hat nicht innerhalb von %1 geantwortet</translation>
    </message>
</context>
<context>
    <name>gpupool::endpoint::Endpoint</name>
    <message>
        <source>not polled yet</source>
        <translation>noch nicht abgefragt</translation>
    </message>
    <message>
        <source>circuit open: %1</source>
        <translation>Schutzschalter offen: %1</translation>
    </message>
    <message>
        <source>recovering, probing after: %1</source>
        <translation>erholt sich, Probe nach: %1</translation>
    </message>
    <message>
        <source>server says: nvidia-smi not available</source>
        <translation>Server meldet: nvidia-smi nicht verfügbar</translation>
    </message>
</context>
<context>
    <name>gpupool::endpoint::Failure</name>
    <message>
        <source>auth error (HTTP %1)</source>
        <translation>Authentifizierungsfehler (HTTP %1)</translation>
    </message>
    <message>
        <source>wrong URL or not a GPU statistics server (HTTP 404)</source>
        <translation>falsche URL oder kein GPU-Statistikserver (HTTP 404)</translation>
    </message>
    <message>
        <source>rate limited (HTTP 429)</source>
        <translation>Anfragen begrenzt (HTTP 429)</translation>
    </message>
    <message>
        <source>server error (HTTP %1)</source>
        <translation>Serverfehler (HTTP %1)</translation>
    </message>
    <message>
        <source>unexpected HTTP status %1</source>
        <translation>unerwarteter HTTP-Status %1</translation>
    </message>
    <message>
        <source>timeout after %1</source>
        <translation>Zeitüberschreitung nach %1</translation>
    </message>
    <message>
        <source>server says: %1</source>
        <translation>Server meldet: %1</translation>
    </message>
    <message>
        <source>response too large: %1</source>
        <translation>Antwort zu groß: %1</translation>
    </message>
    <message>
        <source>malformed response: %1</source>
        <translation>fehlerhafte Antwort: %1</translation>
    </message>
    <message>
        <source>invalid response: %1</source>
        <translation>ungültige Antwort: %1</translation>
    </message>
    <message>
        <source>response larger than %1, cut off</source>
        <translation>Antwort größer als %1, abgeschnitten</translation>
    </message>
    <message>
        <source>not a GPU statistics server: expected JSON, got %1</source>
        <translation>kein GPU-Statistikserver: JSON erwartet, %1 erhalten</translation>
    </message>
    <message>
        <source>redirect to another origin refused: %1</source>
        <translation>Weiterleitung zu einem anderen Ursprung abgelehnt: %1</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>host not found</source>
        <translation>Host nicht gefunden</translation>
    </message>
    <message>
        <source>network error: %1</source>
        <translation>Netzwerkfehler: %1</translation>
    </message>
</context>
<context>
    <name>gpupool::lease::Allocator</name>
    <message>
        <source>The GPU pool is not started.</source>
        <translation>Der GPU-Pool ist nicht gestartet.</translation>
    </message>
    <message>
        <source>Not enough GPUs available. Requested: %1, Available: %2</source>
        <translation>Nicht genug GPUs verfügbar. Angefordert: %1, verfügbar: %2</translation>
    </message>
    <message>
        <source>A GPU request needs an owner (user@host or a worker id).</source>
        <translation>Eine GPU-Anforderung braucht einen Besitzer (benutzer@host oder eine Worker-ID).</translation>
    </message>
    <message>
        <source>Reserving needs a count of at least 1; got %1.</source>
        <translation>Eine Reservierung braucht eine Anzahl von mindestens 1; erhalten: %1.</translation>
    </message>
    <message>
        <source>A reservation needs an owner (user@host or a worker id).</source>
        <translation>Eine Reservierung braucht einen Besitzer (benutzer@host oder eine Worker-ID).</translation>
    </message>
</context>
<context>
    <name>gpupool::lease::RedisConnection</name>
    <message>
        <source>out of memory</source>
        <translation>kein Speicher mehr</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>keine Antwort in der erlaubten Zeit</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>der Server hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>connection error</source>
        <translation>Verbindungsfehler</translation>
    </message>
    <message>
        <source>the password was refused (%1)</source>
        <translation>das Passwort wurde abgelehnt (%1)</translation>
    </message>
    <message>
        <source>the server needs a password; give it in the URL or keep it in the keychain</source>
        <translation>der Server braucht ein Passwort; geben Sie es in der URL an oder legen Sie es im Schlüsselbund ab</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
</context>
<context>
    <name>gpupool::lease::RedisLeaseStore</name>
    <message>
        <source>an ended lease</source>
        <translation>eine beendete Reservierung</translation>
    </message>
    <message>
        <source>a lease</source>
        <translation>eine Reservierung</translation>
    </message>
    <message>
        <source>The shared lease store refused the change to lease %1.</source>
        <translation>Der gemeinsame Reservierungsspeicher hat die Änderung an Reservierung %1 abgelehnt.</translation>
    </message>
    <message>
        <source>an answer (&quot;%1&quot;)</source>
        <translation>eine Antwort („%1“)</translation>
    </message>
    <message>
        <source>The shared lease store holds %1 that this version of gpupool cannot read; nothing was changed.</source>
        <translation>Der gemeinsame Reservierungsspeicher enthält %1, die diese Version von gpupool nicht lesen kann; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>The Redis server of %1 keeps leases only in memory (appendonly no): if it restarts, every lease and fence number is lost and a GPU in use can be granted to someone else. Set &quot;appendonly yes&quot; and &quot;appendfsync always&quot;.</source>
        <translation>Der Redis-Server von %1 hält Reservierungen nur im Speicher (appendonly no): startet er neu, sind alle Reservierungen und Fencing-Nummern verloren, und eine belegte GPU kann jemand anderem vergeben werden. Setzen Sie „appendonly yes“ und „appendfsync always“.</translation>
    </message>
    <message>
        <source>The Redis server of %1 syncs its append-only file only &quot;%2&quot;: a lease acknowledged just before a crash can be lost and its GPU granted to someone else. Set &quot;appendfsync always&quot;.</source>
        <translation>Der Redis-Server von %1 schreibt seine Append-only-Datei nur „%2“ auf die Platte: eine kurz vor einem Absturz bestätigte Reservierung kann verloren gehen und ihre GPU jemand anderem vergeben werden. Setzen Sie „appendfsync always“.</translation>
    </message>
    <message>
        <source>Lost the shared lease store %1 while trying to %2 (%3). No GPU is granted until it is back; a change that reached it shows up when it is.</source>
        <translation>Die Verbindung zum gemeinsamen Reservierungsspeicher %1 ging beim Versuch verloren, %2 (%3). Bis er zurück ist, wird keine GPU vergeben; eine Änderung, die ihn erreicht hat, erscheint dann.</translation>
    </message>
    <message>
        <source>The shared lease store %1 cannot serve now (%2); try again shortly.</source>
        <translation>Der gemeinsame Reservierungsspeicher %1 kann gerade nicht antworten (%2); versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The shared lease store %1 refused to %2: %3</source>
        <translation>Der gemeinsame Reservierungsspeicher %1 hat sich geweigert, %2: %3</translation>
    </message>
    <message>
        <source>an answer</source>
        <translation>eine Antwort</translation>
    </message>
    <message>
        <source>grant a lease</source>
        <translation>eine Reservierung zu vergeben</translation>
    </message>
    <message>
        <source>a granted lease</source>
        <translation>eine vergebene Reservierung</translation>
    </message>
    <message>
        <source>a grant&apos;s answer</source>
        <translation>die Antwort auf eine Vergabe</translation>
    </message>
    <message>
        <source>end lease %1</source>
        <translation>Reservierung %1 zu beenden</translation>
    </message>
    <message>
        <source>renew lease %1</source>
        <translation>Reservierung %1 zu verlängern</translation>
    </message>
    <message>
        <source>a renewed lease</source>
        <translation>eine verlängerte Reservierung</translation>
    </message>
    <message>
        <source>end expired leases</source>
        <translation>abgelaufene Reservierungen zu beenden</translation>
    </message>
    <message>
        <source>an expired lease</source>
        <translation>eine abgelaufene Reservierung</translation>
    </message>
    <message>
        <source>read the active leases</source>
        <translation>die aktiven Reservierungen zu lesen</translation>
    </message>
    <message>
        <source>The shared lease store %1 could not be read: %2</source>
        <translation>Der gemeinsame Reservierungsspeicher %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>an active lease</source>
        <translation>eine aktive Reservierung</translation>
    </message>
    <message>
        <source>read the lease history</source>
        <translation>den Reservierungsverlauf zu lesen</translation>
    </message>
    <message>
        <source>read a fence number</source>
        <translation>eine Fencing-Nummer zu lesen</translation>
    </message>
    <message>
        <source>it refused gpupool&apos;s script: %1</source>
        <translation>er hat das Skript von gpupool abgelehnt: %1</translation>
    </message>
    <message>
        <source>The shared lease store %1 cannot be reached (%2). No GPU is granted until it is back; the leases shown are the last known and unverified. Trying again in %3 s.</source>
        <translation>Der gemeinsame Reservierungsspeicher %1 ist nicht erreichbar (%2). Bis er zurück ist, wird keine GPU vergeben; die gezeigten Reservierungen sind die zuletzt bekannten und unbestätigt. Neuer Versuch in %3 s.</translation>
    </message>
    <message>
        <source>The shared lease store %1 is not connected yet; no GPU is granted until it is.</source>
        <translation>Der gemeinsame Reservierungsspeicher %1 ist noch nicht verbunden; bis dahin wird keine GPU vergeben.</translation>
    </message>
    <message>
        <source>its change counter went back from %1 to %2</source>
        <translation>sein Änderungszähler ging von %1 auf %2 zurück</translation>
    </message>
    <message>
        <source>the leases it holds now are not those read before</source>
        <translation>die Reservierungen, die er jetzt hält, sind nicht die zuvor gelesenen</translation>
    </message>
    <message>
        <source>The Redis server of %1 has lost lease data (%2): it was restarted without persistence, or emptied. Leases acknowledged before may have been lost, so a GPU still in use can be granted to someone else; leases known from before are unverified until they are read again. Run it with &quot;appendonly yes&quot; and &quot;appendfsync always&quot;.</source>
        <translation>Der Redis-Server von %1 hat Reservierungsdaten verloren (%2): er wurde ohne Persistenz neu gestartet oder geleert. Zuvor bestätigte Reservierungen können verloren sein, sodass eine noch genutzte GPU an jemand anderen vergeben werden kann; bisher bekannte Reservierungen sind unbestätigt, bis sie neu gelesen sind. Betreiben Sie ihn mit &quot;appendonly yes&quot; und &quot;appendfsync always&quot;.</translation>
    </message>
</context>
<context>
    <name>gpupool::lease::RedisSubscriber</name>
    <message>
        <source>the server closed the connection</source>
        <translation>der Server hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>the connection was closed</source>
        <translation>die Verbindung wurde geschlossen</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>kein Speicher mehr</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>keine Antwort in der erlaubten Zeit</translation>
    </message>
    <message>
        <source>the subscription was closed</source>
        <translation>das Abonnement wurde beendet</translation>
    </message>
    <message>
        <source>the password was refused (%1)</source>
        <translation>das Passwort wurde abgelehnt (%1)</translation>
    </message>
</context>
<context>
    <name>gpupool::lease::RedisUrl</name>
    <message>
        <source>The store URL &quot;%1&quot; is not a valid URL (%2).</source>
        <translation>Die Speicher-URL „%1“ ist keine gültige URL (%2).</translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; asks for TLS (rediss://), which gpupool does not support; use redis:// on a trusted network, a unix:// socket, or an SSH/stunnel tunnel.</source>
        <translation>Die Speicher-URL „%1“ verlangt TLS (rediss://), das gpupool nicht unterstützt; verwenden Sie redis:// in einem vertrauenswürdigen Netz, einen unix://-Socket oder einen SSH-/stunnel-Tunnel.</translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; has the scheme &quot;%2&quot;; valid: redis://host:port/db?cluster=NAME or unix:///path/to/redis.sock?cluster=NAME.</source>
        <translation>Die Speicher-URL „%1“ hat das Schema „%2“; gültig: redis://host:port/db?cluster=NAME oder unix:///pfad/zu/redis.sock?cluster=NAME.</translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; names no host; e.g. redis://127.0.0.1:6379/0?cluster=lab.</source>
        <translation>Die Speicher-URL „%1“ nennt keinen Host; z. B. redis://127.0.0.1:6379/0?cluster=lab.</translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; has port 0; give the port Redis listens on (1-65535).</source>
        <translation>Die Speicher-URL „%1“ hat Port 0; geben Sie den Port an, auf dem Redis lauscht (1–65535).</translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; must name a socket path with three slashes, e.g. unix:///run/redis/redis.sock.</source>
        <translation>Die Speicher-URL „%1“ muss einen Socket-Pfad mit drei Schrägstrichen nennen, z. B. unix:///run/redis/redis.sock.</translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; names no absolute socket path.</source>
        <translation>Die Speicher-URL „%1“ nennt keinen absoluten Socket-Pfad.</translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; has the database &quot;%2&quot;; it must be a number from 0 (e.g. redis://host:6379/0).</source>
        <translation>Die Speicher-URL „%1“ hat die Datenbank „%2“; sie muss eine Zahl ab 0 sein (z. B. redis://host:6379/0).</translation>
    </message>
    <message>
        <source>The cluster name &quot;%1&quot; is not valid: use 1 to 64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;.</source>
        <translation>Der Clustername „%1“ ist ungültig: verwenden Sie 1 bis 64 Buchstaben, Ziffern, &apos;_&apos;, &apos;.&apos; oder &apos;-&apos;.</translation>
    </message>
    <message>
        <source>The store URL has an unknown option &quot;%1&quot;; valid: cluster=NAME%2.</source>
        <translation>Die Speicher-URL hat eine unbekannte Option „%1“; gültig: cluster=NAME%2.</translation>
    </message>
    <message>
        <source>, db=N, password=...</source>
        <translation>, db=N, password=...</translation>
    </message>
</context>
<context>
    <name>gpupool::lease::Rules</name>
    <message>
        <source>No GPU to lease was given.</source>
        <translation>Es wurde keine GPU zum Reservieren angegeben.</translation>
    </message>
    <message>
        <source>A lease needs an id.</source>
        <translation>Eine Reservierung braucht eine ID.</translation>
    </message>
    <message>
        <source>A lease needs an owner (user@host or a worker id).</source>
        <translation>Eine Reservierung braucht einen Besitzer (benutzer@host oder eine Worker-ID).</translation>
    </message>
    <message>
        <source>A lease needs a GPU; got &quot;%1&quot;.</source>
        <translation>Eine Reservierung braucht eine GPU; erhalten: „%1“.</translation>
    </message>
    <message>
        <source>A lease must last longer than 0 ms; got %1 ms.</source>
        <translation>Eine Reservierung muss länger als 0 ms dauern; erhalten: %1 ms.</translation>
    </message>
    <message>
        <source>GPU %1 was asked for twice in one request.</source>
        <translation>GPU %1 wurde in einer Anforderung zweimal verlangt.</translation>
    </message>
    <message>
        <source>Lease id %1 was given twice in one request.</source>
        <translation>Die Reservierungs-ID %1 kam in einer Anforderung zweimal vor.</translation>
    </message>
    <message>
        <source>Lease %1 on GPU %2 belongs to %3, not to %4; it was not released.</source>
        <translation>Reservierung %1 auf GPU %2 gehört %3, nicht %4; sie wurde nicht freigegeben.</translation>
    </message>
    <message>
        <source>Revoking lease %1 needs the name of who revokes it.</source>
        <translation>Um Reservierung %1 zu entziehen, braucht es den Namen dessen, der sie entzieht.</translation>
    </message>
    <message>
        <source>Lease %1 cannot be ended as expired on request; it expires at %2.</source>
        <translation>Reservierung %1 kann nicht auf Anfrage als abgelaufen beendet werden; sie läuft um %2 ab.</translation>
    </message>
    <message>
        <source>Lease %1 on GPU %2 belongs to %3, not to %4; it was not renewed.</source>
        <translation>Reservierung %1 auf GPU %2 gehört %3, nicht %4; sie wurde nicht verlängert.</translation>
    </message>
    <message>
        <source>A renewed lease must end in the future; asked for %1.</source>
        <translation>Eine verlängerte Reservierung muss in der Zukunft enden; verlangt: %1.</translation>
    </message>
    <message>
        <source>GPU %1 is already leased to %2 (lease %3, until %4).</source>
        <translation>GPU %1 ist bereits an %2 vergeben (Reservierung %3, bis %4).</translation>
    </message>
    <message>
        <source>There is no lease with id &quot;%1&quot;.</source>
        <translation>Es gibt keine Reservierung mit der ID „%1“.</translation>
    </message>
    <message>
        <source>released by %1 at %2</source>
        <translation>freigegeben von %1 um %2</translation>
    </message>
    <message>
        <source>expired (noticed by %1) at %2</source>
        <translation>abgelaufen (bemerkt von %1) um %2</translation>
    </message>
    <message>
        <source>revoked by %1 at %2</source>
        <translation>entzogen von %1 um %2</translation>
    </message>
    <message>
        <source>Lease %1 on GPU %2 has already ended: %3.</source>
        <translation>Reservierung %1 auf GPU %2 ist bereits beendet: %3.</translation>
    </message>
    <message>
        <source>Lease id %1 was used before; lease ids are never reused.</source>
        <translation>Die Reservierungs-ID %1 wurde schon verwendet; Reservierungs-IDs werden nie wiederverwendet.</translation>
    </message>
</context>
<context>
    <name>gpupool::lease::SqliteLeaseStore</name>
    <message>
        <source>The lease database %1 is damaged or is not a gpupool lease database (%2). It was left as it is; move it away to start with an empty one.</source>
        <translation>Die Reservierungsdatenbank %1 ist beschädigt oder keine Reservierungsdatenbank von gpupool (%2). Sie wurde unverändert gelassen; verschieben Sie sie, um mit einer leeren zu beginnen.</translation>
    </message>
    <message>
        <source>The lease database %1 cannot be written: %2 is read-only. gpupool needs to write the file and, for SQLite&apos;s journal, its folder.</source>
        <translation>Die Reservierungsdatenbank %1 kann nicht geschrieben werden: %2 ist schreibgeschützt. gpupool muss die Datei und, für das Journal von SQLite, ihren Ordner schreiben können.</translation>
    </message>
    <message>
        <source>Cannot read the lease database %1: %2</source>
        <translation>Kann die Reservierungsdatenbank %1 nicht lesen: %2</translation>
    </message>
    <message>
        <source>it is not an SQLite file</source>
        <translation>sie ist keine SQLite-Datei</translation>
    </message>
    <message>
        <source>No lease database file was given.</source>
        <translation>Es wurde keine Datei für die Reservierungsdatenbank angegeben.</translation>
    </message>
    <message>
        <source>The lease database %1 is not a file.</source>
        <translation>Die Reservierungsdatenbank %1 ist keine Datei.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the lease database.</source>
        <translation>Kann den Ordner %1 für die Reservierungsdatenbank nicht anlegen.</translation>
    </message>
    <message>
        <source>Qt&apos;s SQLite driver is missing (package libqt6sql6-sqlite).</source>
        <translation>Der SQLite-Treiber von Qt fehlt (Paket libqt6sql6-sqlite).</translation>
    </message>
    <message>
        <source>Cannot open the lease database %1: %2</source>
        <translation>Kann die Reservierungsdatenbank %1 nicht öffnen: %2</translation>
    </message>
    <message>
        <source>The lease database %1 was written by a newer gpupool (schema %2; this one knows up to %3). It was left as it is.</source>
        <translation>Die Reservierungsdatenbank %1 wurde von einem neueren gpupool geschrieben (Schema %2; dieses kennt bis %3). Sie wurde unverändert gelassen.</translation>
    </message>
    <message>
        <source>it holds other tables: %1</source>
        <translation>sie enthält andere Tabellen: %1</translation>
    </message>
    <message>
        <source>The lease database %1 stayed busy for more than %2 s (another gpupool program is using it); nothing was changed. Try again.</source>
        <translation>Die Reservierungsdatenbank %1 war länger als %2 s belegt (ein anderes gpupool-Programm verwendet sie); nichts wurde geändert. Versuchen Sie es noch einmal.</translation>
    </message>
    <message>
        <source>Could not %1 in the lease database %2: %3</source>
        <translation>Fehler in der Reservierungsdatenbank %2 bei „%1“: %3</translation>
    </message>
</context>
<context>
    <name>gpupool::lease::WaitQueue</name>
    <message>
        <source>No GPU became available for %1: the request waited %2 s and timed out.</source>
        <translation>Für %1 wurde keine GPU frei: die Anforderung wartete %2 s und lief ab.</translation>
    </message>
    <message>
        <source>The GPU pool was stopped while the request of %1 was waiting for a GPU (after %2 s).</source>
        <translation>Der GPU-Pool wurde angehalten, während die Anforderung von %1 auf eine GPU wartete (nach %2 s).</translation>
    </message>
    <message>
        <source>The request of %1 was withdrawn after waiting %2 s for a GPU.</source>
        <translation>Die Anforderung von %1 wurde zurückgezogen, nachdem sie %2 s auf eine GPU gewartet hatte.</translation>
    </message>
    <message>
        <source>Not enough GPUs became available for %1 (%2 requested): the request waited %3 s and timed out.</source>
        <translation>Für %1 wurden nicht genug GPUs frei (%2 angefordert): die Anforderung wartete %3 s und lief ab.</translation>
    </message>
</context>
<context>
    <name>gpupool::pool::Pool</name>
    <message>
        <source>The GPU pool is not running: start it (or refresh once) first.</source>
        <translation>Der GPU-Pool läuft nicht: starten Sie ihn zuerst (oder aktualisieren Sie einmal).</translation>
    </message>
    <message>
        <source>The shared lease store is not available; no GPU can be granted.</source>
        <translation>Der gemeinsame Reservierungsspeicher ist nicht verfügbar; es kann keine GPU vergeben werden.</translation>
    </message>
    <message>
        <source>The lease store could not be read yet; no GPU can be granted.</source>
        <translation>Der Reservierungsspeicher konnte noch nicht gelesen werden; es kann keine GPU vergeben werden.</translation>
    </message>
    <message>
        <source>The GPU pool is already running.</source>
        <translation>Der GPU-Pool läuft bereits.</translation>
    </message>
    <message>
        <source>The GPU pool stopped before an endpoint came back.</source>
        <translation>Der GPU-Pool wurde angehalten, bevor ein Endpunkt zurückkam.</translation>
    </message>
    <message>
        <source>no answer within %1 ms</source>
        <translation>keine Antwort innerhalb von %1 ms</translation>
    </message>
    <message>
        <source>Queueing a request for retry needs multi-endpoint mode (set GPU_STATS_SERVICE_ENDPOINTS).</source>
        <translation>Eine Anforderung zum Wiederholen einzureihen braucht den Modus mit mehreren Endpunkten (GPU_STATS_SERVICE_ENDPOINTS setzen).</translation>
    </message>
    <message>
        <source>Nothing to retry: the function is empty.</source>
        <translation>Nichts zu wiederholen: die Funktion ist leer.</translation>
    </message>
    <message>
        <source>No endpoint came back in time: the queued request waited %1 s.</source>
        <translation>Kein Endpunkt kam rechtzeitig zurück: die eingereihte Anforderung wartete %1 s.</translation>
    </message>
    <message>
        <source>Unknown endpoint: %1. Endpoints: %2.</source>
        <translation>Unbekannter Endpunkt: %1. Endpunkte: %2.</translation>
    </message>
</context>
<context>
    <name>gpupool::pool::StoreSpec</name>
    <message>
        <source>Lease store &quot;%1&quot; names no file: write sqlite:PATH, e.g. sqlite:/tmp/leases.sqlite.</source>
        <translation>Der Reservierungsspeicher „%1“ nennt keine Datei: schreiben Sie sqlite:PFAD, z. B. sqlite:/tmp/leases.sqlite.</translation>
    </message>
    <message>
        <source>Lease store &quot;%1&quot; is not understood: use sqlite:PATH, redis://HOST[:PORT][/DB] or unix:///PATH/TO/SOCKET.</source>
        <translation>Der Reservierungsspeicher „%1“ ist unverständlich: verwenden Sie sqlite:PFAD, redis://HOST[:PORT][/DB] oder unix:///PFAD/ZUM/SOCKET.</translation>
    </message>
</context>
<context>
    <name>gpupool::server::ApiKeys</name>
    <message>
        <source>cannot read the API key file %1: %2</source>
        <translation>kann die API-Schlüsseldatei %1 nicht lesen: %2</translation>
    </message>
    <message>
        <source>the API key file %1 is larger than 1 MiB; is it the right file?</source>
        <translation>die API-Schlüsseldatei %1 ist größer als 1 MiB; ist es die richtige Datei?</translation>
    </message>
    <message>
        <source>the API key file %1, line %2: a key may hold only printable characters without spaces</source>
        <translation>API-Schlüsseldatei %1, Zeile %2: ein Schlüssel darf nur druckbare Zeichen ohne Leerzeichen enthalten</translation>
    </message>
    <message>
        <source>the API key file %1, line %2: a key must be at least 16 characters long</source>
        <translation>API-Schlüsseldatei %1, Zeile %2: ein Schlüssel muss mindestens 16 Zeichen lang sein</translation>
    </message>
    <message>
        <source>the API key file %1 holds no key</source>
        <translation>die API-Schlüsseldatei %1 enthält keinen Schlüssel</translation>
    </message>
</context>
<context>
    <name>gpupool::server::StatdOptions</name>
    <message>
        <source>invalid value for %1: &quot;%2&quot; (expected %3)</source>
        <translation>ungültiger Wert für %1: „%2“ (erwartet: %3)</translation>
    </message>
    <message>
        <source>ADDR:PORT with an IP address and a port 0-65535, e.g. 127.0.0.1:8000 or [::1]:8000</source>
        <translation>ADRESSE:PORT mit einer IP-Adresse und einem Port 0–65535, z. B. 127.0.0.1:8000 oder [::1]:8000</translation>
    </message>
    <message>
        <source>an IP address, e.g. 127.0.0.1, 0.0.0.0 or ::1</source>
        <translation>eine IP-Adresse, z. B. 127.0.0.1, 0.0.0.0 oder ::1</translation>
    </message>
    <message>
        <source>a port number 0-65535</source>
        <translation>eine Portnummer 0–65535</translation>
    </message>
    <message>
        <source>seconds from 0 to 3600, e.g. 1 or 0.5</source>
        <translation>Sekunden von 0 bis 3600, z. B. 1 oder 0.5</translation>
    </message>
    <message>
        <source>a non-negative integer below 2^64</source>
        <translation>eine nicht negative ganze Zahl unter 2^64</translation>
    </message>
    <message>
        <source>a number of servers from 1 to %1</source>
        <translation>eine Anzahl von Servern von 1 bis %1</translation>
    </message>
    <message>
        <source>at most %1 servers from port %2 (ports end at 65535)</source>
        <translation>höchstens %1 Server ab Port %2 (Ports enden bei 65535)</translation>
    </message>
    <message>
        <source>a number of GPUs from 0 to %1</source>
        <translation>eine Anzahl von GPUs von 0 bis %1</translation>
    </message>
    <message>
        <source>--cluster runs simulated servers only: give --simulate N as well</source>
        <translation>--cluster betreibt nur simulierte Server: geben Sie auch --simulate N an</translation>
    </message>
    <message>
        <source>a program name or path</source>
        <translation>ein Programmname oder -pfad</translation>
    </message>
    <message>
        <source>seconds from 0.1 to 300, e.g. 5</source>
        <translation>Sekunden von 0.1 bis 300, z. B. 5</translation>
    </message>
    <message>
        <source>a file of API keys</source>
        <translation>eine Datei mit API-Schlüsseln</translation>
    </message>
    <message>
        <source>--protect-health needs --api-key-file</source>
        <translation>--protect-health braucht --api-key-file</translation>
    </message>
    <message>
        <source>--tls-cert and --tls-key go together: give both or neither</source>
        <translation>--tls-cert und --tls-key gehören zusammen: geben Sie beide oder keine an</translation>
    </message>
    <message>
        <source>refusing to serve GPU statistics on %1 to anyone who asks: give --api-key-file, listen on 127.0.0.1, or say --insecure-public if that is what you want</source>
        <translation>GPU-Statistiken auf %1 werden nicht jedem angeboten, der fragt: geben Sie --api-key-file an, lauschen Sie auf 127.0.0.1, oder sagen Sie --insecure-public, wenn Sie genau das wollen</translation>
    </message>
</context>
<context>
    <name>gpupool::server::TlsHttpServer</name>
    <message>
        <source>TLS is not available: Qt found no TLS backend on this system</source>
        <translation>TLS ist nicht verfügbar: Qt hat auf diesem System kein TLS-Backend gefunden</translation>
    </message>
    <message>
        <source>cannot read the TLS certificate %1: %2</source>
        <translation>kann das TLS-Zertifikat %1 nicht lesen: %2</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate</source>
        <translation>%1 enthält kein PEM-Zertifikat</translation>
    </message>
    <message>
        <source>cannot read the TLS key %1: %2</source>
        <translation>kann den TLS-Schlüssel %1 nicht lesen: %2</translation>
    </message>
    <message>
        <source>%1 holds no unencrypted PEM RSA or EC private key</source>
        <translation>%1 enthält keinen unverschlüsselten privaten PEM-Schlüssel (RSA oder EC)</translation>
    </message>
</context>
<context>
    <name>gpupool::server::VisibleDevices</name>
    <message>
        <source>CUDA_VISIBLE_DEVICES: ignoring &quot;%1&quot;: not a GPU index</source>
        <translation>CUDA_VISIBLE_DEVICES: „%1“ wird ignoriert: kein GPU-Index</translation>
    </message>
    <message>
        <source>CUDA_VISIBLE_DEVICES=&quot;%1&quot; names no valid GPU index; showing all GPUs</source>
        <translation>CUDA_VISIBLE_DEVICES=„%1“ nennt keinen gültigen GPU-Index; alle GPUs werden gezeigt</translation>
    </message>
</context>
<context>
    <name>gpupool::stats::BodyParser</name>
    <message>
        <source>body of %1 bytes is over the limit of %2 bytes</source>
        <translation>Antwort von %1 Bytes überschreitet die Grenze von %2 Bytes</translation>
    </message>
    <message>
        <source>JSON nested deeper than %1 levels</source>
        <translation>JSON tiefer als %1 Ebenen verschachtelt</translation>
    </message>
    <message>
        <source>malformed JSON at byte %1: %2</source>
        <translation>fehlerhaftes JSON bei Byte %1: %2</translation>
    </message>
    <message>
        <source>expected a JSON object</source>
        <translation>JSON-Objekt erwartet</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>must be a number, got %1</source>
        <translation>muss eine Zahl sein, ist aber %1</translation>
    </message>
    <message>
        <source>must be a non-negative integer, got %1</source>
        <translation>muss eine nicht negative ganze Zahl sein, ist aber %1</translation>
    </message>
    <message>
        <source>must be a percentage within [0, 100], got %1</source>
        <translation>muss ein Prozentwert in [0, 100] sein, ist aber %1</translation>
    </message>
    <message>
        <source>must be a string, got %1</source>
        <translation>muss eine Zeichenkette sein, ist aber %1</translation>
    </message>
    <message>
        <source>must be true or false, got %1</source>
        <translation>muss true oder false sein, ist aber %1</translation>
    </message>
    <message>
        <source>must be an object, got %1</source>
        <translation>muss ein Objekt sein, ist aber %1</translation>
    </message>
    <message>
        <source>must be an array, got %1</source>
        <translation>muss ein Array sein, ist aber %1</translation>
    </message>
    <message>
        <source>has %1 entries but gpu_count is %2</source>
        <translation>hat %1 Einträge, aber gpu_count ist %2</translation>
    </message>
    <message>
        <source>duplicate gpu_id %1</source>
        <translation>gpu_id %1 kommt doppelt vor</translation>
    </message>
    <message>
        <source>%1 is more than total_memory_mb %2</source>
        <translation>%1 ist mehr als total_memory_mb %2</translation>
    </message>
    <message>
        <source>an error without a message</source>
        <translation>ein Fehler ohne Meldung</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::ChartPanel</name>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>Time window of the charts</source>
        <translation>Zeitfenster der Diagramme</translation>
    </message>
    <message>
        <source>Pause charts</source>
        <translation>Diagramme anhalten</translation>
    </message>
    <message>
        <source>Freeze the charts (polling goes on)</source>
        <translation>Die Diagramme einfrieren (die Abfragen laufen weiter)</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Fenster:</translation>
    </message>
    <message>
        <source>Mean utilization per endpoint</source>
        <translation>Mittlere Auslastung pro Endpunkt</translation>
    </message>
    <message>
        <source>GPUs of the selected endpoint: utilization, memory dashed</source>
        <translation>GPUs des gewählten Endpunkts: Auslastung, Speicher gestrichelt</translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation>Sekunden zuvor</translation>
    </message>
    <message>
        <source>minutes ago</source>
        <translation>Minuten zuvor</translation>
    </message>
    <message>
        <source>hours ago</source>
        <translation>Stunden zuvor</translation>
    </message>
    <message>
        <source>Resume charts</source>
        <translation>Diagramme fortsetzen</translation>
    </message>
    <message>
        <source>GPUs of %1: utilization, memory dashed</source>
        <translation>GPUs von %1: Auslastung, Speicher gestrichelt</translation>
    </message>
    <message>
        <source>GPU %1</source>
        <translation>GPU %1</translation>
    </message>
    <message>
        <source>GPU %1 memory</source>
        <translation>GPU %1 Speicher</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::DemoCluster</name>
    <message>
        <source>the demo cluster cannot listen on 127.0.0.1: %1</source>
        <translation>der Demo-Cluster kann nicht auf 127.0.0.1 lauschen: %1</translation>
    </message>
    <message>
        <source>demo job %1</source>
        <translation>Demo-Job %1</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::EndpointsModel</name>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>gesund</translation>
    </message>
    <message>
        <source>failing</source>
        <translation>fehlerhaft</translation>
    </message>
    <message>
        <source>open - probe in %1 s</source>
        <translation>offen – Probe in %1 s</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>half-open - probing</source>
        <translation>halb offen – Probe läuft</translation>
    </message>
    <message>
        <source>misconfigured</source>
        <translation>falsch konfiguriert</translation>
    </message>
    <message>
        <source>Failure rate: %1 %</source>
        <translation>Fehlerrate: %1 %</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>-</source>
        <translation>–</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Breaker</source>
        <translation>Schutzschalter</translation>
    </message>
    <message>
        <source>GPUs free</source>
        <translation>Freie GPUs</translation>
    </message>
    <message>
        <source>Leases</source>
        <translation>Reservierungen</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwortzeit</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Utilization</source>
        <translation>Auslastung</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::EventLogModel</name>
    <message>
        <source>breaker</source>
        <translation>Schutzschalter</translation>
    </message>
    <message>
        <source>grant</source>
        <translation>Vergabe</translation>
    </message>
    <message>
        <source>release</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>expiry</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <source>request</source>
        <translation>Anforderung</translation>
    </message>
    <message>
        <source>strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::GpuGroupProxy</name>
    <message>
        <source>%1 of %2 available</source>
        <translation>%1 von %2 verfügbar</translation>
    </message>
    <message numerus="yes">
        <source>%n GPU(s)</source>
        <translation>
            <numerusform>%n GPU</numerusform>
            <numerusform>%n GPUs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gpupool::ui::GpusModel</name>
    <message>
        <source>leased (you)</source>
        <translation>reserviert (Sie)</translation>
    </message>
    <message>
        <source>leased</source>
        <translation>reserviert</translation>
    </message>
    <message>
        <source>endpoint unavailable</source>
        <translation>Endpunkt nicht verfügbar</translation>
    </message>
    <message>
        <source>busy (over threshold)</source>
        <translation>ausgelastet (über Schwelle)</translation>
    </message>
    <message>
        <source>available</source>
        <translation>verfügbar</translation>
    </message>
    <message>
        <source>not assignable</source>
        <translation>nicht zuteilbar</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>%1 W</source>
        <translation>%1 W</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Utilization</source>
        <translation>Auslastung</translation>
    </message>
    <message>
        <source>Temp.</source>
        <translation>Temp.</translation>
    </message>
    <message>
        <source>Power</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Lease holder</source>
        <translation>Reserviert von</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
</context>
<context>
    <name>gpupool::keyring::KeychainSecretStore</name>
    <message>
        <source>saved in the keyring</source>
        <translation>im Schlüsselbund gespeichert</translation>
    </message>
    <message>
        <source>no key stored</source>
        <translation>kein Schlüssel gespeichert</translation>
    </message>
    <message>
        <source>No keyring (Secret Service) is reachable: the API key is kept for this session only and must be entered again next time.</source>
        <translation>Kein Schlüsselbund (Secret Service) erreichbar: der API-Schlüssel wird nur für diese Sitzung behalten und muss beim nächsten Mal erneut eingegeben werden.</translation>
    </message>
    <message>
        <source>The keyring did not answer in time (it may be locked): the API key is kept for this session only.</source>
        <translation>Der Schlüsselbund hat nicht rechtzeitig geantwortet (vielleicht ist er gesperrt): der API-Schlüssel wird nur für diese Sitzung behalten.</translation>
    </message>
    <message>
        <source>The keyring refused: %1. The API key is kept for this session only.</source>
        <translation>Der Schlüsselbund hat abgelehnt: %1. Der API-Schlüssel wird nur für diese Sitzung behalten.</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::LeasesModel</name>
    <message>
        <source>interactive</source>
        <translation>interaktiv</translation>
    </message>
    <message>
        <source>program</source>
        <translation>Programm</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>released by %1</source>
        <translation>freigegeben von %1</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>revoked by %1</source>
        <translation>entzogen von %1</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Expires / ended</source>
        <translation>Läuft ab / endete</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Fence</source>
        <translation>Fencing</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::MainWindow</name>
    <message>
        <source>Filter…</source>
        <translation>Filtern …</translation>
    </message>
    <message>
        <source>gpupool console</source>
        <translation>gpupool-Konsole</translation>
    </message>
    <message>
        <source>&amp;Group by endpoint</source>
        <translation>Nach Endpunkt &amp;gruppieren</translation>
    </message>
    <message>
        <source>Everyone&apos;s</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Meine</translation>
    </message>
    <message>
        <source>&amp;GPUs</source>
        <translation>&amp;GPUs</translation>
    </message>
    <message>
        <source>&amp;Leases</source>
        <translation>&amp;Reservierungen</translation>
    </message>
    <message>
        <source>Lease &amp;history</source>
        <translation>Reservierungs&amp;verlauf</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Ereignisse</translation>
    </message>
    <message>
        <source>&amp;Strategy</source>
        <translation>&amp;Strategie</translation>
    </message>
    <message>
        <source>Multi-endpoint</source>
        <translation>Mehrere Endpunkte</translation>
    </message>
    <message>
        <source>Single endpoint</source>
        <translation>Ein Endpunkt</translation>
    </message>
    <message>
        <source>Strategy: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Strategie: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Endpoints: %1/%2 healthy</source>
        <translation>Endpunkte: %1/%2 gesund</translation>
    </message>
    <message>
        <source>GPUs: %1/%2 available</source>
        <translation>GPUs: %1/%2 verfügbar</translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>Wartend: %1</translation>
    </message>
    <message>
        <source>shared</source>
        <translation>gemeinsam</translation>
    </message>
    <message>
        <source>local</source>
        <translation>lokal</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <source>Store: %1 (%2)</source>
        <translation>Speicher: %1 (%2)</translation>
    </message>
    <message>
        <source>&lt;b&gt;No endpoint healthy&lt;/b&gt; - requests wait</source>
        <translation>&lt;b&gt;Kein Endpunkt gesund&lt;/b&gt; – Anforderungen warten</translation>
    </message>
    <message>
        <source>&amp;Request GPU…</source>
        <translation>GPU an&amp;fordern …</translation>
    </message>
    <message>
        <source>Request one or more GPUs</source>
        <translation>Eine oder mehrere GPUs anfordern</translation>
    </message>
    <message>
        <source>Re&amp;lease</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Release the selected leases</source>
        <translation>Die gewählten Reservierungen freigeben</translation>
    </message>
    <message>
        <source>Re&amp;new</source>
        <translation>&amp;Verlängern</translation>
    </message>
    <message>
        <source>Renew the selected leases</source>
        <translation>Die gewählten Reservierungen verlängern</translation>
    </message>
    <message>
        <source>Re&amp;cover endpoint now</source>
        <translation>Endpunkt jetzt &amp;erholen</translation>
    </message>
    <message>
        <source>Probe the selected endpoint&apos;s open breaker now (all open ones when none is selected)</source>
        <translation>Den offenen Schutzschalter des gewählten Endpunkts jetzt prüfen (alle offenen, wenn keiner gewählt ist)</translation>
    </message>
    <message>
        <source>&amp;Pause polling</source>
        <translation>Abfragen an&amp;halten</translation>
    </message>
    <message>
        <source>Re&amp;fresh now</source>
        <translation>Jetzt a&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Poll every endpoint now</source>
        <translation>Jeden Endpunkt jetzt abfragen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>Endpoints, thresholds, intervals, theme, API keys</source>
        <translation>Endpunkte, Schwellen, Intervalle, Thema, API-Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit the console</source>
        <translation>Die Konsole beenden</translation>
    </message>
    <message>
        <source>Load-balancing strategy: takes effect at once</source>
        <translation>Lastverteilungsstrategie: wirkt sofort</translation>
    </message>
    <message>
        <source>S&amp;trategy</source>
        <translation>S&amp;trategie</translation>
    </message>
    <message>
        <source>&amp;Pool</source>
        <translation>&amp;Pool</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <source> Strategy: </source>
        <translation> Strategie: </translation>
    </message>
    <message>
        <source>Request %1 sent; it waits until a GPU is free.</source>
        <translation>Anforderung %1 gesendet; sie wartet, bis eine GPU frei ist.</translation>
    </message>
    <message>
        <source>Granted: %1</source>
        <translation>Vergeben: %1</translation>
    </message>
    <message>
        <source>Select a lease (Leases tab) or a leased GPU first.</source>
        <translation>Wählen Sie zuerst eine Reservierung (Reiter Reservierungen) oder eine reservierte GPU.</translation>
    </message>
    <message>
        <source>Revoke lease</source>
        <translation>Reservierung entziehen</translation>
    </message>
    <message>
        <source>GPU %1 is leased by %2. Revoke their lease?</source>
        <translation>GPU %1 ist von %2 reserviert. Die Reservierung entziehen?</translation>
    </message>
    <message>
        <source>Revoked the lease on %1.</source>
        <translation>Die Reservierung auf %1 wurde entzogen.</translation>
    </message>
    <message>
        <source>Released %1.</source>
        <translation>%1 freigegeben.</translation>
    </message>
    <message>
        <source>Renewed %1 until %2.</source>
        <translation>%1 bis %2 verlängert.</translation>
    </message>
    <message numerus="yes">
        <source>Probing %n open breaker(s) now.</source>
        <translation>
            <numerusform>Prüfe jetzt %n offenen Schutzschalter.</numerusform>
            <numerusform>Prüfe jetzt %n offene Schutzschalter.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: breaker half-open, probing now.</source>
        <translation>%1: Schutzschalter halb offen, Prüfung läuft.</translation>
    </message>
    <message>
        <source>%1: the breaker is not open; nothing to recover.</source>
        <translation>%1: der Schutzschalter ist nicht offen; nichts zu erholen.</translation>
    </message>
    <message>
        <source>Polling resumed.</source>
        <translation>Abfragen fortgesetzt.</translation>
    </message>
    <message>
        <source>Demo: thresholds, theme and notifications applied; endpoints and intervals are the demo&apos;s and were not saved.</source>
        <translation>Demo: Schwellen, Thema und Benachrichtigungen übernommen; Endpunkte und Intervalle gehören zur Demo und wurden nicht gespeichert.</translation>
    </message>
    <message>
        <source>Settings saved. Endpoints, intervals and the store apply when the console starts again.</source>
        <translation>Einstellungen gespeichert. Endpunkte, Intervalle und der Speicher gelten beim nächsten Start der Konsole.</translation>
    </message>
    <message>
        <source>API key of %1 saved in the keyring.</source>
        <translation>API-Schlüssel von %1 im Schlüsselbund gespeichert.</translation>
    </message>
    <message>
        <source>API key of %1: %2</source>
        <translation>API-Schlüssel von %1: %2</translation>
    </message>
    <message>
        <source>Stop polling the endpoints; leases and waiting requests stay</source>
        <translation>Die Endpunkte nicht mehr abfragen; Reservierungen und wartende Anforderungen bleiben</translation>
    </message>
    <message>
        <source>Polling paused: no GPU is assignable once the last readings are 3 intervals old; leases and waiting requests stay.</source>
        <translation>Abfragen angehalten: sobald die letzten Messwerte 3 Intervalle alt sind, ist keine GPU mehr zuteilbar; Reservierungen und wartende Anforderungen bleiben.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Polling paused&lt;/b&gt;</source>
        <translation>&lt;b&gt;Abfragen angehalten&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Request %1 sent; it waits until %2 GPUs are free together.</source>
        <translation>Anforderung %1 gesendet; sie wartet, bis %2 GPUs zugleich frei sind.</translation>
    </message>
    <message>
        <source> - &lt;b&gt;warning&lt;/b&gt;</source>
        <translation> – &lt;b&gt;Warnung&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::PoolPresenter</name>
    <message>
        <source>breaker %1 → %2 (%3)</source>
        <translation>Schutzschalter %1 → %2 (%3)</translation>
    </message>
    <message>
        <source>GPU %1 granted to %2</source>
        <translation>GPU %1 an %2 vergeben</translation>
    </message>
    <message>
        <source>lease on GPU %1 renewed</source>
        <translation>Reservierung auf GPU %1 verlängert</translation>
    </message>
    <message>
        <source>lease on GPU %1 revoked by %2</source>
        <translation>Reservierung auf GPU %1 von %2 entzogen</translation>
    </message>
    <message>
        <source>GPU %1 released by %2</source>
        <translation>GPU %1 von %2 freigegeben</translation>
    </message>
    <message>
        <source>lease of %1 on GPU %2 expired</source>
        <translation>Reservierung von %1 auf GPU %2 abgelaufen</translation>
    </message>
    <message>
        <source>request %1 waits, position %2</source>
        <translation>Anforderung %1 wartet, Position %2</translation>
    </message>
    <message>
        <source>request %1 failed: %2</source>
        <translation>Anforderung %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>strategy is now %1</source>
        <translation>Strategie ist jetzt %1</translation>
    </message>
    <message>
        <source>lease store: %1</source>
        <translation>Reservierungsspeicher: %1</translation>
    </message>
    <message>
        <source>This machine looks offline: most endpoints fail with local errors.</source>
        <translation>Dieser Rechner scheint offline zu sein: die meisten Endpunkte scheitern mit lokalen Fehlern.</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::RequestDialog</name>
    <message>
        <source>&amp;Wait until one is free</source>
        <translation>&amp;Warten, bis eine frei ist</translation>
    </message>
    <message>
        <source>Request GPU</source>
        <translation>GPU anfordern</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>any endpoint</source>
        <translation>beliebiger Endpunkt</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>what it is for (shown to other operators)</source>
        <translation>wofür sie ist (für andere sichtbar)</translation>
    </message>
    <message>
        <source>&amp;Count:</source>
        <translation>&amp;Anzahl:</translation>
    </message>
    <message>
        <source>&amp;Minimum memory:</source>
        <translation>&amp;Mindestspeicher:</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpunkt:</translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation>&amp;Dauer:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>An&amp;fordern</translation>
    </message>
    <message numerus="yes">
        <source>Only %n GPU(s) known to the pool match these choices, so waiting for %1 could last for ever. Ask for fewer, or change the minimum memory or the endpoint.</source>
        <translation>
            <numerusform>Nur %n dem Pool bekannte GPU passt zu dieser Auswahl, daher könnte das Warten auf %1 ewig dauern. Fordern Sie weniger an oder ändern Sie den Mindestspeicher oder den Endpunkt.</numerusform>
            <numerusform>Nur %n dem Pool bekannte GPUs passen zu dieser Auswahl, daher könnte das Warten auf %1 ewig dauern. Fordern Sie weniger an oder ändern Sie den Mindestspeicher oder den Endpunkt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gpupool::keyring::SecretBackend</name>
    <message>
        <source>no key is stored for this endpoint</source>
        <translation>für diesen Endpunkt ist kein Schlüssel gespeichert</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::SeriesPlot</name>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Endpoints</source>
        <translation>&amp;Endpunkte</translation>
    </message>
    <message>
        <source>&amp;Pool and display</source>
        <translation>&amp;Pool und Anzeige</translation>
    </message>
    <message>
        <source>Endpoints, intervals and the store apply when the console starts again; thresholds, theme and notifications at once. API keys are kept in the keyring, never in the settings file.</source>
        <translation>Endpunkte, Intervalle und der Speicher gelten beim nächsten Start der Konsole; Schwellen, Thema und Benachrichtigungen sofort. API-Schlüssel liegen im Schlüsselbund, nie in der Einstellungsdatei.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>API key (new)</source>
        <translation>API-Schlüssel (neu)</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>local (one SQLite file per user)</source>
        <translation>lokal (eine SQLite-Datei pro Benutzer)</translation>
    </message>
    <message>
        <source>sqlite:PATH, redis://[[user]:password@]host[:port][/db]?cluster=NAME, unix:///path?cluster=NAME</source>
        <translation>sqlite:PFAD, redis://[[user]:password@]host[:port][/db]?cluster=NAME, unix:///path?cluster=NAME</translation>
    </message>
    <message>
        <source>Endpoint down/up, queued request granted, lease about to expire, leased GPU idle</source>
        <translation>Endpunkt aus/wieder da, wartende Anforderung vergeben, Reservierung läuft bald ab, reservierte GPU untätig</translation>
    </message>
    <message>
        <source>&amp;Memory threshold:</source>
        <translation>&amp;Speicherschwelle:</translation>
    </message>
    <message>
        <source>&amp;Utilization threshold:</source>
        <translation>&amp;Auslastungsschwelle:</translation>
    </message>
    <message>
        <source>&amp;Polling interval:</source>
        <translation>Abfrage&amp;intervall:</translation>
    </message>
    <message>
        <source>Endpoint &amp;timeout:</source>
        <translation>Endpunkt-&amp;Zeitlimit:</translation>
    </message>
    <message>
        <source>Failures before the breaker &amp;opens:</source>
        <translation>Fehler, bevor der Schutzschalter ö&amp;ffnet:</translation>
    </message>
    <message>
        <source>&amp;Health-check interval:</source>
        <translation>&amp;Health-Check-Intervall:</translation>
    </message>
    <message>
        <source>Lease &amp;store:</source>
        <translation>Reservierungs&amp;speicher:</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>T&amp;hema:</translation>
    </message>
    <message>
        <source>&amp;Notifications:</source>
        <translation>&amp;Benachrichtigungen:</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <source>Endpoint %1: URL &quot;%2&quot;: %3</source>
        <translation>Endpunkt %1: URL „%2“: %3</translation>
    </message>
    <message>
        <source>Endpoint %1: name &quot;%2&quot;: use no &apos;:&apos; and no spaces</source>
        <translation>Endpunkt %1: Name „%2“: bitte ohne &apos;:&apos; und ohne Leerzeichen</translation>
    </message>
    <message>
        <source>Endpoint %1: the name &quot;%2&quot; is used twice</source>
        <translation>Endpunkt %1: der Name „%2“ wird zweimal verwendet</translation>
    </message>
    <message>
        <source>Lease store: %1</source>
        <translation>Reservierungsspeicher: %1</translation>
    </message>
    <message>
        <source>Select an endpoint to test.</source>
        <translation>Wählen Sie einen Endpunkt zum Testen.</translation>
    </message>
    <message>
        <source>URL &quot;%1&quot;: %2</source>
        <translation>URL „%1“: %2</translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n GPU(s), answered in %1 ms.</source>
        <translation>
            <numerusform>Verbunden: %n GPU, Antwort in %1 ms.</numerusform>
            <numerusform>Verbunden: %n GPUs, Antwort in %1 ms.</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>Teste %1 …</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::StrategyPanel</name>
    <message>
        <source>Share of grants per endpoint (last %1 min)</source>
        <translation>Anteil der Vergaben pro Endpunkt (letzte %1 min)</translation>
    </message>
    <message>
        <source>minutes ago</source>
        <translation>Minuten zuvor</translation>
    </message>
    <message>
        <source>Active strategy: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; Decisions: %2 &amp;nbsp; granted: %3 &amp;nbsp; nothing free: %4</source>
        <translation>Aktive Strategie: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; Entscheidungen: %2 &amp;nbsp; vergeben: %3 &amp;nbsp; nichts frei: %4</translation>
    </message>
    <message>
        <source>Grants since start: %1</source>
        <translation>Vergaben seit dem Start: %1</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::Theme</name>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::TrayNotifier</name>
    <message>
        <source>gpupool console</source>
        <translation>gpupool-Konsole</translation>
    </message>
    <message>
        <source>GPU granted</source>
        <translation>GPU vergeben</translation>
    </message>
    <message>
        <source>Your waiting request got GPU %1.</source>
        <translation>Ihre wartende Anforderung hat GPU %1 erhalten.</translation>
    </message>
    <message>
        <source>Endpoint down</source>
        <translation>Endpunkt ausgefallen</translation>
    </message>
    <message>
        <source>%1 is down.</source>
        <translation>%1 ist ausgefallen.</translation>
    </message>
    <message>
        <source>%1 is down: %2</source>
        <translation>%1 ist ausgefallen: %2</translation>
    </message>
    <message>
        <source>Endpoint back</source>
        <translation>Endpunkt wieder da</translation>
    </message>
    <message>
        <source>%1 is healthy again.</source>
        <translation>%1 ist wieder gesund.</translation>
    </message>
    <message>
        <source>Lease about to expire</source>
        <translation>Reservierung läuft bald ab</translation>
    </message>
    <message numerus="yes">
        <source>Your lease on GPU %1 ends in %n minute(s); renew it to keep the GPU.</source>
        <translation>
            <numerusform>Ihre Reservierung auf GPU %1 endet in %n Minute; verlängern Sie sie, um die GPU zu behalten.</numerusform>
            <numerusform>Ihre Reservierung auf GPU %1 endet in %n Minuten; verlängern Sie sie, um die GPU zu behalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Leased GPU idle</source>
        <translation>Reservierte GPU untätig</translation>
    </message>
    <message>
        <source>GPU %1, leased by you, has been under %2 % utilization for %3 minutes. Release it?</source>
        <translation>GPU %1, von Ihnen reserviert, liegt seit %3 Minuten unter %2 % Auslastung. Freigeben?</translation>
    </message>
    <message>
        <source>GPUs granted</source>
        <translation>GPUs vergeben</translation>
    </message>
    <message>
        <source>Your waiting request got GPUs %1.</source>
        <translation>Ihre wartende Anforderung hat die GPUs %1 erhalten.</translation>
    </message>
</context>
<context>
    <name>gpupool::ui::UsageDialog</name>
    <message>
        <source># on %1 (%2)</source>
        <translation># auf %1 (%2)</translation>
    </message>
    <message>
        <source>GPU granted</source>
        <translation>GPU vergeben</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Run your job on that host with:</source>
        <translation>Starten Sie Ihren Job auf diesem Host mit:</translation>
    </message>
</context>
</TS>
