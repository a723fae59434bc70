import ArgumentParser

@main
struct Kejin: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "科金看板: sci-tech finance supervision dashboard.")
    func run() throws { print("kejin") }
}
