//! `kn mcp` through rmcp's own client: the real binary as a child process on
//! the fixture notes, its tools listed and called, an episode read as a
//! resource, and bad requests answered as errors while the server lives on.

mod testenv;

use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, ReadResourceRequestParams};
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};
use testenv::TestEnv;

fn args(v: Value) -> serde_json::Map<String, Value> {
    v.as_object().unwrap().clone()
}

/// The text a tool answered with, and whether it is an error.
fn text_of(result: &impl serde::Serialize) -> (String, bool) {
    let v = serde_json::to_value(result).unwrap();
    (
        v["content"][0]["text"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        v["isError"].as_bool().unwrap_or(false),
    )
}

type Client = rmcp::service::RunningService<rmcp::RoleClient, ()>;

/// Calls a tool; its text and whether it is an error.
async fn call(client: &Client, tool: &'static str, arguments: Value) -> (String, bool) {
    let params = CallToolRequestParams::new(tool).with_arguments(args(arguments));
    text_of(&client.call_tool(params).await.unwrap())
}

#[tokio::test(flavor = "current_thread")]
async fn a_client_lists_the_tools_searches_shows_and_reads_an_episode() {
    let env = TestEnv::new();
    let mut cmd = tokio::process::Command::new(assert_cmd::cargo::cargo_bin("kn"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir.path())
        .env("KN_DATA", env.notes())
        .env("KN_INDEX", env.index())
        .arg("mcp");
    let client = ().serve(TokioChildProcess::new(cmd).unwrap()).await.unwrap();

    let info = serde_json::to_value(client.peer_info()).unwrap();
    assert_eq!(info["serverInfo"]["name"], "kn", "{info}");

    let mut tools: Vec<String> = client
        .list_all_tools()
        .await
        .unwrap()
        .into_iter()
        .map(|t| {
            assert!(
                t.description.as_deref().is_some_and(|d| d.len() > 40),
                "{t:?}"
            );
            t.name.to_string()
        })
        .collect();
    tools.sort();
    assert_eq!(tools, ["related", "search", "show", "trend"]);

    // search: the objects `kn search --json` prints.
    let (text, error) = call(&client, "search", json!({"query": "ebpf"})).await;
    assert!(!error, "{text}");
    let hits: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(
        hits[0]["title"], "eBPFで始めるネットワーク可観測性",
        "{text}"
    );
    assert_eq!(hits[0]["also"][0]["episode"], "002", "{text}");
    let expected = {
        let (code, out, _) = testenv::run(env.kn().args(["search", "--json", "ebpf"]));
        assert_eq!(code, 0);
        let mut v: Vec<Value> = serde_json::from_str(&out).unwrap();
        v.iter_mut().for_each(|h| h["score"] = json!(0));
        v
    };
    let mut same = hits.clone();
    same.iter_mut().for_each(|h| h["score"] = json!(0));
    assert_eq!(same, expected, "the same JSON as the CLI");

    // A filter narrows it.
    let (text, _) = call(
        &client,
        "search",
        json!({"query": "ebpf", "presenter": "carol", "limit": 5}),
    )
    .await;
    let hits: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(hits.len(), 1, "{text}");
    assert_eq!(hits[0]["presenter"], "carol");

    // show and the episode resource: `kn show 1 --json`.
    let (text, error) = call(&client, "show", json!({"episode": "1"})).await;
    assert!(!error, "{text}");
    let shown: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (shown["episode"].as_str(), shown["host"].as_str()),
        (Some("001"), Some("alice"))
    );
    let resources = client.list_all_resources().await.unwrap();
    let uris: Vec<&str> = resources.iter().map(|r| r.uri.as_str()).collect();
    assert_eq!(uris, ["kn://episode/001", "kn://episode/002"]);
    let read = client
        .read_resource(ReadResourceRequestParams::new("kn://episode/001"))
        .await
        .unwrap();
    let read = serde_json::to_value(&read).unwrap();
    let body: Value = serde_json::from_str(read["contents"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(body, shown);

    // Bad requests: errors, and the server keeps answering.
    let (text, error) = call(&client, "search", json!({"limit": 3})).await;
    assert!(error && text.contains("query"), "{text}");
    let (text, error) = call(&client, "show", json!({"episode": "99"})).await;
    assert!(error && text.contains("no episode 99"), "{text}");
    assert!(
        client
            .read_resource(ReadResourceRequestParams::new("kn://episode/999"))
            .await
            .is_err()
    );
    assert!(
        client
            .call_tool(CallToolRequestParams::new("no-such-tool"))
            .await
            .is_err()
    );

    // The notes change: the next call sees it without a restart.
    env.write(
        "episodes/003/README.md",
        "# 003\n- Recording date: 2022-02-01\n### @alice\n- [Wasmtime on k8s](https://wasm.example/)\n",
    );
    let (text, _) = call(&client, "search", json!({"query": "wasmtime"})).await;
    assert!(text.contains("Wasmtime on k8s"), "{text}");

    let (text, error) = call(&client, "trend", json!({"query": "ebpf"})).await;
    assert!(!error, "{text}");
    let trend: Value = serde_json::from_str(&text).unwrap();
    assert!(trend["total"].as_u64().unwrap() >= 2, "{text}");
    client.cancel().await.unwrap();
}
