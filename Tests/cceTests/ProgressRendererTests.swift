import Synchronization
import Testing

@testable import cce

@Suite("Progress renderer")
struct ProgressRendererTests {
    final class Capture: Sendable {
        let text = Mutex("")
        var all: String { text.withLock { $0 } }
        func take() -> String {
            text.withLock { t in
                defer { t = "" }
                return t
            }
        }
    }

    func renderer(_ mode: ProgressRenderer.Mode) -> (ProgressRenderer, Capture) {
        let c = Capture()
        return (ProgressRenderer(mode: mode, write: { s in c.text.withLock { $0 += s } }), c)
    }

    func u(
        _ id: String, _ name: String, _ phase: String, _ sub: String? = nil, _ secs: Int64 = 0, finished: Bool = false
    ) -> ProgressUpdate {
        ProgressUpdate(
            jobID: id, clusterName: name, phase: phase, subJob: sub, elapsed: .seconds(secs), finished: finished)
    }

    @Test func plainModePrintsOneLinePerPhaseChangeAndNoEscapes() {
        let (r, out) = renderer(.plain)
        r.update(u("j1", "demo-1", "Initializing"))
        r.update(u("j1", "demo-1", "Running", "CreateMaster", 3))
        r.update(u("j1", "demo-1", "Running", "InstallAddon", 9))  // same phase: quiet
        r.update(u("j2", "demo-2", "Running", nil, 65))
        r.update(u("j1", "demo-1", "Success", nil, 12))
        r.update(u("j1", "demo-1", "Success", nil, 12, finished: true))
        r.reset()
        #expect(
            out.all == """
                demo-1: Initializing 0s
                demo-1: Running (CreateMaster) 3s
                demo-2: Running 1m05s
                demo-1: Success 12s

                """)
        #expect(!out.all.contains("\u{1B}"))
    }

    @Test func liveModeRedrawsTheBlockInPlaceAndErasesItAtTheEnd() {
        let (r, out) = renderer(.live(width: 80))
        r.update(u("j1", "a", "Running", "CreateMaster", 1))
        #expect(out.take() == "a: Running (CreateMaster) 1s\n")
        r.update(u("j2", "b", "Initializing"))
        // Up one line (the block so far), erase, then both lines.
        #expect(out.take() == "\u{1B}[1A\r\u{1B}[Ja: Running (CreateMaster) 1s\nb: Initializing 0s\n")
        r.update(u("j1", "a", "Running", "InstallAddon", 5))
        #expect(out.take() == "\u{1B}[2A\r\u{1B}[Ja: Running (InstallAddon) 5s\nb: Initializing 0s\n")
        r.update(u("j1", "a", "Success", nil, 6, finished: true))
        #expect(out.take() == "\u{1B}[2A\r\u{1B}[Jb: Initializing 0s\n")
        r.reset()
        #expect(out.take() == "\u{1B}[1A\r\u{1B}[J")
        r.reset()
        #expect(out.take() == "")
    }

    @Test func clearBeforeOtherOutputThenRedrawOnNextUpdate() {
        let (r, out) = renderer(.live(width: 80))
        r.update(u("j1", "a", "Running"))
        _ = out.take()
        r.clear()
        #expect(out.take() == "\u{1B}[1A\r\u{1B}[J")
        r.update(u("j1", "a", "Running", nil, 2))
        #expect(out.take() == "a: Running 2s\n")
    }

    @Test func longLinesAreCutToTheTerminalWidth() {
        let (r, out) = renderer(.live(width: 20))
        r.update(u("j1", "a-very-long-cluster-name", "Running", "CreateMaster", 1))
        let line = out.take()
        #expect(line == "a-very-long-cluste…\n")
        #expect(line.count <= 20)
    }

    @Test func finishedJobsThatNeverDrewLeaveNothing() {
        let (r, out) = renderer(.live(width: 80))
        r.update(u("j9", "x", "Success", finished: true))
        #expect(out.all == "")
    }

    @Test func elapsedFormatting() {
        #expect(ProgressRenderer.formatElapsed(.milliseconds(900)) == "0s")
        #expect(ProgressRenderer.formatElapsed(.seconds(59)) == "59s")
        #expect(ProgressRenderer.formatElapsed(.seconds(60)) == "1m00s")
        #expect(ProgressRenderer.formatElapsed(.seconds(3599)) == "59m59s")
        #expect(ProgressRenderer.formatElapsed(.seconds(3600 * 2 + 180)) == "2h03m")
        #expect(ProgressRenderer.formatElapsed(.seconds(-5)) == "0s")
    }

    @Test func concurrentUpdatesKeepOneLinePerJob() async {
        let (r, out) = renderer(.live(width: 80))
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask {
                    for s in 0..<5 { r.update(self.u("j\(i)", "c\(i)", "Running", nil, Int64(s))) }
                }
            }
        }
        r.reset()
        // The last redraw showed 20 lines; reset erased exactly that many.
        #expect(out.all.hasSuffix("\u{1B}[20A\r\u{1B}[J"))
    }

    @Test func tickAdvancesElapsedBetweenReports() {
        let clock = Mutex(ContinuousClock.now)
        let out = Capture()
        let r = ProgressRenderer(
            mode: .live(width: 80), now: { clock.withLock { $0 } }, write: { s in out.text.withLock { $0 += s } })
        r.update(u("j1", "a", "Running", nil, 5))
        _ = out.take()
        clock.withLock { $0 += .seconds(2) }
        r.tick()
        #expect(out.take() == "\u{1B}[1A\r\u{1B}[Ja: Running 7s\n")
        let (plain, plainOut) = renderer(.plain)
        plain.tick()
        #expect(plainOut.all == "")
    }
}
