import CFuzzerDriver
import Foundation

/// Runs libFuzzer on `body` (one input: its bytes and count) with the process's command-line flags. The target
/// also names `body` `LLVMFuzzerTestOneInput` (with `@_cdecl`), which libFuzzer's own, unused `main` refers to.
public func runFuzzer(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, body))
}
