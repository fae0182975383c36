import Dispatch
import Synchronization
import Testing

@testable import CCECore

#if canImport(Glibc)
import Glibc
#endif

@Suite struct NativeThreadTests {
    /// The body runs once, on a thread other than the caller's, and its closure context (what
    /// it captured) is let go of once it has run.
    @Test func runsTheBodyOnceOnAnotherThreadAndLetsItGo() {
        let done = DispatchSemaphore(value: 0)
        let ran = Mutex<[UInt]>([])
        let caller = UInt(pthread_self())
        weak var captured: Marker?
        do {
            let marker = Marker()
            captured = marker
            let started = NativeThread.start(stackSize: 256 * 1024) {
                withExtendedLifetime(marker) { ran.withLock { $0.append(UInt(pthread_self())) } }
                done.signal()
            }
            #expect(started)
        }
        done.wait()
        // The thread lets go of the closure just after the body returns.
        var waited = 0
        while captured != nil, waited < 2000 {
            usleep(1000)
            waited += 1
        }
        #expect(captured == nil)
        let ids = ran.withLock { $0 }
        #expect(ids.count == 1)
        #expect(ids.first != caller)
    }

    /// The stack is the size asked for: a body that needs 32 MB of it (four times the usual
    /// 8 MB default) runs to the end.
    @Test func theStackIsTheSizeAskedFor() {
        let done = DispatchSemaphore(value: 0)
        let depth = Mutex(0)
        #expect(
            NativeThread.start(stackSize: 64 << 20) {
                depth.withLock { $0 = Recursion.descend(4000) }
                done.signal()
            })
        done.wait()
        #expect(depth.withLock { $0 } == 4000)
    }

    /// A thread the system refuses (here: a stack of 4 EiB, beyond the address space whatever
    /// the overcommit policy) is reported, and the body never runs.
    @Test func aRefusedThreadIsReportedAndItsBodyNotRun() {
        let ran = Mutex(false)
        let started = NativeThread.start(stackSize: 1 << 62) { ran.withLock { $0 = true } }
        #expect(!started)
        usleep(20_000)
        #expect(!ran.withLock { $0 })
    }
}

private final class Marker: Sendable {}

private enum Recursion {
    /// Recurses `n` levels with 8 KB of stack each, and returns how deep it got.
    @inline(never)
    static func descend(_ n: Int) -> Int {
        var frame = InlineArray<1024, UInt64>(repeating: UInt64(n))
        frame[n % 1024] &+= 1
        return n == 0 ? 0 : 1 + descend(n - 1) + Int(frame[n % 1024] &- UInt64(n) &- 1)
    }
}
