import ArgumentParser

/// `cce serve`: the local CCE emulator over HTTP. (Filled in by the emulator work.)
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the local CCE emulator over HTTP."
    )

    func run() async throws {
        throw ValidationError("cce serve is not built yet")
    }
}
