import CLibEdit
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What one read of a line produced.
enum LineRead: Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the line (and any pending multi-line entry) is discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// Reads lines for the REPL (STYLE.md §4.3: an `EditLineReader` on a terminal, a
/// `PlainLineReader` otherwise).
protocol LineReader: AnyObject {
    func read(prompt: String) -> LineRead
    /// Records a complete entry (possibly several lines) in the history.
    func addHistory(_ entry: String)
    /// Writes the history file, if there is one.
    func saveHistory()
}

/// Piped input: no prompt, no history, no escape codes.
final class PlainLineReader: LineReader {
    func read(prompt: String) -> LineRead {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
    }
    func addHistory(_ entry: String) {}
    func saveHistory() {}
}

/// What tab completion offers for the text before the cursor.
struct CompletionResult: Equatable {
    /// How many characters before the cursor the candidates replace (the word being completed).
    var wordLength: Int
    /// Full replacements for that word, sorted, without duplicates.
    var candidates: [String]
}

/// The interactive reader: libedit's histedit API, emacs key bindings, our own TAB function,
/// and a history file. The C callbacks find this object through `EL_CLIENTDATA`, so there is
/// no global state.
final class EditLineReader: LineReader {
    private let el: OpaquePointer
    private let history: OpaquePointer
    private var promptBuffer: UnsafeMutablePointer<CChar>
    private let historyFile: HistoryFile?
    private let complete: (String) -> CompletionResult
    /// Set by the character reader when Ctrl-C, not end of input, ended `el_gets`.
    private var readWasInterrupted = false

    init?(historyFile: HistoryFile?, complete: @escaping (String) -> CompletionResult) {
        // libedit converts between wide characters and bytes through the C locale: without a
        // UTF-8 LC_CTYPE it drops "é" and shows "✓" as \U+2713.
        Self.useUTF8Locale()
        guard let el = el_init(CommandLine.arguments.first ?? "cce", cce_stdin(), cce_stdout(), cce_stderr()) else {
            return nil
        }
        guard let h = history_init() else {
            el_end(el)
            return nil
        }
        self.el = el
        self.history = h
        self.historyFile = historyFile
        self.complete = complete
        self.promptBuffer = strdup("> ")
        cce_el_set_editor(el, "emacs")
        cce_history_setsize(h, Int32(historyFile?.capacity ?? 1000))
        cce_history_setunique(h, 1)
        cce_el_set_history(el, h)
        cce_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        cce_el_set_prompt(el) { el in
            guard let el, let me = EditLineReader.from(el) else { return nil }
            return me.promptBuffer
        }
        cce_el_add_function(el, "cce-complete", "Complete the name under the cursor") { el, _ in
            guard let el, let me = EditLineReader.from(el) else { return UInt8(CC_ERROR) }
            return me.completeAtCursor()
        }
        cce_el_bind(el, "^I", "cce-complete")
        cce_el_set_getcfn(el) { el, out in
            guard let el, let out, let me = EditLineReader.from(el) else { return -1 }
            return me.readCharacter(into: out)
        }
        // ~/.editrc, as every libedit program reads it.
        el_source(el, nil)
        if let historyFile { historyFile.load(into: h) }
    }

    deinit {
        el_end(el)
        history_end(history)
        free(promptBuffer)
    }

    private static func useUTF8Locale() {
        if setlocale(LC_CTYPE, "") != nil, let codeset = nl_langinfo(nl_item(CODESET)),
            String(cString: codeset).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        {
            return
        }
        if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "en_US.UTF-8") }
    }

    private static func from(_ el: OpaquePointer) -> EditLineReader? {
        guard let p = cce_el_get_clientdata(el) else { return nil }
        return Unmanaged<EditLineReader>.fromOpaque(p).takeUnretainedValue()
    }

    func read(prompt: String) -> LineRead {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        interruptFlag.store(false, ordering: .sequentiallyConsistent)
        var count: Int32 = 0
        let interruptFD = readerInterruptFD.load(ordering: .sequentiallyConsistent)
        if interruptFD >= 0 { InterruptController.drain(interruptFD) }
        readWasInterrupted = false
        guard let cLine = el_gets(el, &count) else {
            // Our character reader knows why libedit stopped; the global flag is a fallback
            // for an EINTR that libedit reported itself.
            if readWasInterrupted || interruptFlag.exchange(false, ordering: .sequentiallyConsistent) {
                // libedit leaves the cursor after the abandoned text.
                FDStream.standardOutput.write("\n")
                return .interrupted
            }
            return .endOfInput
        }
        // el_gets keeps the newline and owns the buffer (pitfall 8).
        var line = String(cString: cLine)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    private enum ByteRead {
        case byte(UInt8)
        case interrupted, endOfFile, failed
    }

    /// One byte of stdin, or the news that Ctrl-C was pressed (the interrupt pipe became readable).
    private func readByte() -> ByteRead {
        let interruptFD = readerInterruptFD.load(ordering: .sequentiallyConsistent)
        while true {
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
            if interruptFD >= 0 { fds.append(pollfd(fd: interruptFD, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR {
                    if interruptFlag.load(ordering: .sequentiallyConsistent) {
                        readWasInterrupted = true
                        return .interrupted
                    }
                    continue
                }
                return .failed
            }
            if fds.count > 1, fds[1].revents != 0 {
                InterruptController.drain(interruptFD)
                readWasInterrupted = true
                return .interrupted
            }
            guard fds[0].revents != 0 else { continue }
            var byte: UInt8 = 0
            let n = Glibc.read(0, &byte, 1)
            if n == 1 { return .byte(byte) }
            if n == 0 { return .endOfFile }
            if errno == EINTR || errno == EAGAIN { continue }
            return .failed
        }
    }

    /// libedit's character reader (EL_GETCFN): UTF-8 from stdin, decoded to one wide
    /// character. Returns 1, 0 at end of input, -1 (errno EINTR) on Ctrl-C.
    fileprivate func readCharacter(into out: UnsafeMutablePointer<wchar_t>) -> Int32 {
        func next() -> UInt8? {
            switch readByte() {
            case .byte(let b): return b
            case .interrupted:
                errno = EINTR
                return nil
            case .endOfFile: return nil
            case .failed: return nil
            }
        }
        guard let first = next() else { return errno == EINTR ? -1 : 0 }
        var scalar: UInt32
        var needed: Int
        switch first {
        case 0..<0x80:
            scalar = UInt32(first)
            needed = 0
        case 0xC0..<0xE0:
            scalar = UInt32(first & 0x1F)
            needed = 1
        case 0xE0..<0xF0:
            scalar = UInt32(first & 0x0F)
            needed = 2
        case 0xF0..<0xF8:
            scalar = UInt32(first & 0x07)
            needed = 3
        default:
            scalar = 0xFFFD
            needed = 0
        }
        for _ in 0..<needed {
            guard let b = next() else { return errno == EINTR ? -1 : 0 }
            guard b & 0xC0 == 0x80 else {
                scalar = 0xFFFD
                break
            }
            scalar = scalar << 6 | UInt32(b & 0x3F)
        }
        if Unicode.Scalar(scalar) == nil { scalar = 0xFFFD }
        out.pointee = wchar_t(bitPattern: scalar)
        return 1
    }

    func addHistory(_ entry: String) {
        guard let historyFile, historyFile.shouldRecord(entry) else { return }
        cce_history_enter(history, entry)
    }

    func saveHistory() {
        historyFile?.save(from: history)
    }

    private func completeAtCursor() -> UInt8 {
        guard let info = el_line(el)?.pointee, let start = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let length = cursor - start
        let before = String(
            decoding: UnsafeRawBufferPointer(start: start, count: length).bindMemory(to: UInt8.self), as: UTF8.self)
        let result = complete(before)
        guard !result.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let word = String(before.suffix(result.wordLength))
        let common = Self.commonPrefix(result.candidates)
        if common.count > word.count, common.hasPrefix(word) {
            el_insertstr(el, String(common.dropFirst(word.count)))
            return UInt8(CC_REFRESH)
        }
        if result.candidates.count == 1 { return UInt8(CC_REFRESH) }
        // Nothing more to insert: list the choices under the line, then redraw it.
        let width = Terminal.width(fd: 1)
        FDStream.standardOutput.write("\n" + Self.columns(result.candidates, width: width))
        return UInt8(CC_REDISPLAY)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for w in words.dropFirst() {
            while !w.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// Lays out candidates in columns, as shells do.
    static func columns(_ words: [String], width: Int) -> String {
        let cell = (words.map(\.count).max() ?? 0) + 2
        let perLine = max(1, width / max(cell, 1))
        var out = ""
        for (i, w) in words.enumerated() {
            let last = (i + 1) % perLine == 0 || i == words.count - 1
            out += last ? w + "\n" : w.padding(toLength: cell, withPad: " ", startingAt: 0)
        }
        return out
    }
}

/// The REPL's history file: `$XDG_STATE_HOME/cce/history`, capped, written atomically, and
/// never holding a line that mentions a secret.
struct HistoryFile {
    var path: String
    var capacity: Int = 1000
    /// Secret values (tokens, secret keys) from the environment and the credential in use.
    var secrets: [String]

    /// Names whose mention keeps a line out of the history even without the value in it.
    static let secretNames = [
        "CCE_TOKEN", "OS_AUTH_TOKEN", "OS_PASSWORD", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_AK", "CCE_EMULATOR_TOKEN",
        "CCE_EMULATOR_SK", "CCE_EMULATOR_IAM_PASSWORD", "secret_key", "access_key", "password",
    ]

    static func defaultPath(environment: [String: String]) -> String {
        if let s = environment["XDG_STATE_HOME"], !s.isEmpty { return "\(s)/cce/history" }
        return "\(environment["HOME"] ?? NSHomeDirectory())/.local/state/cce/history"
    }

    /// The environment's secret values, for `secrets`.
    static func secretValues(environment: [String: String]) -> [String] {
        ["CCE_TOKEN", "OS_AUTH_TOKEN", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_AK"].compactMap { environment[$0] }
    }

    func shouldRecord(_ entry: String) -> Bool {
        if entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return false }
        for s in secrets where s.count >= 4 && entry.contains(s) { return false }
        for n in Self.secretNames where entry.contains(n) { return false }
        return true
    }

    /// A missing file is normal on the first run.
    func load(into h: OpaquePointer) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        cce_history_load(h, path)
    }

    /// Saves to `path.tmp` then renames, so a concurrent REPL never reads a half-written file.
    func save(from h: OpaquePointer) {
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let tmp = "\(path).\(getpid()).tmp"
        guard cce_history_save(h, tmp) >= 0 else {
            unlink(tmp)
            return
        }
        chmod(tmp, 0o600)
        if rename(tmp, path) != 0 { unlink(tmp) }
    }
}
