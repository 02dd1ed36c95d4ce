//! Paginators against the emulator, one listing per way the API pages
//! (query parameters, body fields, a body `pagination` object,
//! `options.pagination`, a scroll id), each over more than three pages.

use futures::TryStreamExt as _;
use genauth::emulator::{Emulator, Fault, Seed};
use genauth::types::{CreateUserInfoDto, ListUsersOptionsDto, PaginationDto};
use genauth::{Error, ManagementClient, Page, RetryConfig};
use serde_json::json;

// Webhooks keep no emulator state, so their listing is a synthetic one.
const LIST_WEBHOOKS: &str = "/api/v3/list-webhooks";
const LIST_INVITATION_ROSTERS: &str = "/api/v3/list-invitation-rosters";
const SEARCH_DEPARTMENTS_LIST: &str = "/api/v3/search-departments-list";
const GET_USER_ACTION_LOGS: &str = "/api/v3/get-user-action-logs";
const LIST_USERS: &str = "/api/v3/list-users";
const SCROLL_ROWS: &str = "/api/v3/metadata/get-all-row-by-scrollid";

/// An emulator whose synthetic listings hold `len` items, and a client
/// without retries, so that every page is exactly one request.
async fn emulator_listing(len: usize) -> (Emulator, ManagementClient) {
    let emulator = Emulator::builder().synthetic_list_len(len).start().await.expect("emulator starts");
    let client = emulator.client_builder().retry(RetryConfig::disabled()).build().expect("client builds");
    (emulator, client)
}

/// The keys the emulator gives items `first..=last` of a synthetic listing.
fn keys(first: usize, last: usize) -> Vec<String> {
    (first..=last).map(|n| format!("item-{n}")).collect()
}

/// What a test checks of one page: its items' keys, its number and total.
struct Seen {
    keys: Vec<String>,
    number: Option<u64>,
    total: Option<u64>,
}

/// Drains a page stream, keeping each page's item keys (by `key`).
async fn pages<T, S>(mut stream: S, key: impl Fn(&T) -> String) -> Vec<Seen>
where
    S: futures::Stream<Item = Result<Page<T>, Error>> + Unpin,
{
    let mut out = Vec::new();
    while let Some(page) = stream.try_next().await.expect("every page arrives") {
        out.push(Seen {
            keys: page.items().iter().map(&key).collect(),
            number: page.number(),
            total: page.total_count(),
        });
    }
    out
}

/// Checks that `got` is pages of `sizes` items that together hold items
/// `first..` of a synthetic listing, each once and in order.
fn assert_pages(got: &[Seen], sizes: &[usize], first: usize) {
    let got_sizes: Vec<usize> = got.iter().map(|page| page.keys.len()).collect();
    assert_eq!(got_sizes, sizes, "page sizes");
    let all: Vec<String> = got.iter().flat_map(|page| page.keys.clone()).collect();
    assert_eq!(all, keys(first, first + all.len() - 1), "every item once, in order");
}

#[tokio::test]
async fn query_parameters_page_until_the_total_is_reached() {
    let (emulator, client) = emulator_listing(23).await;
    let stream = client.list_webhooks().into_paginator().page_size(5).send();
    let got = pages(stream, |hook| hook.webhook_id.clone()).await;
    assert_pages(&got, &[5, 5, 5, 5, 3], 1);
    let numbers: Vec<_> = got.iter().map(|page| page.number).collect();
    assert_eq!(numbers, [Some(1), Some(2), Some(3), Some(4), Some(5)]);
    assert!(got.iter().all(|page| page.total == Some(23)));
    assert_eq!(emulator.requests_to(LIST_WEBHOOKS), 5, "no request after the 23rd item");
}

#[tokio::test]
async fn pages_are_requested_only_as_items_are_pulled() {
    let (emulator, client) = emulator_listing(23).await;
    let mut items = client.list_webhooks().into_paginator().page_size(5).items();
    tokio::task::yield_now().await;
    assert_eq!(emulator.requests_to(LIST_WEBHOOKS), 0, "nothing is sent before the first poll");
    for n in 1..=5 {
        assert_eq!(items.next().await.unwrap().unwrap().webhook_id, format!("item-{n}"));
    }
    assert_eq!(emulator.requests_to(LIST_WEBHOOKS), 1, "the first page holds five items");
    assert_eq!(items.next().await.unwrap().unwrap().webhook_id, "item-6");
    assert_eq!(emulator.requests_to(LIST_WEBHOOKS), 2);
    // The rest, through the `Stream` combinators.
    let rest: Vec<String> = items.map_ok(|hook| hook.webhook_id).try_collect().await.unwrap();
    assert_eq!(rest, keys(7, 23));
    assert_eq!(emulator.requests_to(LIST_WEBHOOKS), 5);
}

#[tokio::test]
async fn the_requests_limit_and_page_set_the_page_size_and_start() {
    let (emulator, client) = emulator_listing(23).await;
    let got = pages(client.list_webhooks().limit(7).into_paginator().send(), |hook| hook.webhook_id.clone()).await;
    assert_pages(&got, &[7, 7, 7, 2], 1); // the builder's own limit is the page size

    let got =
        pages(client.list_webhooks().page(3).limit(5).into_paginator().send(), |hook| hook.webhook_id.clone()).await;
    assert_pages(&got, &[5, 5, 3], 11); // paging starts at the builder's page
    assert_eq!(got[0].number, Some(3));

    let got =
        pages(client.list_webhooks().limit(7).into_paginator().page_size(4).send(), |hook| hook.webhook_id.clone())
            .await;
    assert_pages(&got, &[4, 4, 4, 4, 4, 3], 1); // page_size overrides the limit
    assert_eq!(emulator.requests_to(LIST_WEBHOOKS), 4 + 3 + 6);

    // Out of range: refused by the first poll, before any request.
    for size in [0, 51] {
        let mut stream = client.list_webhooks().into_paginator().page_size(size).send();
        assert!(matches!(stream.next().await, Some(Err(Error::InvalidInput(_)))));
        assert!(stream.next().await.is_none());
    }
    let mut stream = client.list_webhooks().limit(80).into_paginator().send();
    assert!(matches!(stream.next().await, Some(Err(Error::InvalidInput(_)))));
    assert_eq!(emulator.requests_to(LIST_WEBHOOKS), 13);
}

#[tokio::test]
async fn body_fields_page_a_listing_with_a_total() {
    let (emulator, client) = emulator_listing(18).await;
    let stream = client.list_invitation_roster().into_paginator().page_size(4).send();
    let got = pages(stream, |roster| roster.roster_id.clone()).await;
    assert_pages(&got, &[4, 4, 4, 4, 2], 1);
    assert_eq!(emulator.requests_to(LIST_INVITATION_ROSTERS), 5);
}

#[tokio::test]
async fn without_a_total_the_stream_ends_at_the_first_empty_page() {
    // A real listing: an organization of 17 departments, root included.
    let departments: Vec<_> = (1..=16).map(|n| json!({ "name": format!("d{n}"), "code": format!("d{n}") })).collect();
    let seed = json!({ "organizations": [{ "organizationCode": "acme", "organizationName": "Acme", "departments": departments }] });
    let seed = Seed::from_json(&seed.to_string()).expect("a valid seed");
    let emulator = Emulator::builder().seed(seed).start().await.expect("emulator starts");
    let client = emulator.client_builder().retry(RetryConfig::disabled()).build().expect("client builds");
    let stream = client
        .search_departments_list()
        .body_map(|b| b.organization_code("acme".to_owned()))
        .into_paginator()
        .page_size(4)
        .send();
    let got = pages(stream, |department| department.department_id.clone()).await;
    let sizes: Vec<usize> = got.iter().map(|page| page.keys.len()).collect();
    assert_eq!(sizes, [4, 4, 4, 4, 1], "the empty sixth page is not yielded");
    let mut ids: Vec<&String> = got.iter().flat_map(|page| &page.keys).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 17, "every department once");
    assert!(got.iter().all(|page| page.total.is_none()));
    assert_eq!(emulator.requests_to(SEARCH_DEPARTMENTS_LIST), 6, "one request for the empty page");
}

#[tokio::test]
async fn an_empty_page_ends_the_stream_even_when_the_total_claims_more() {
    let (emulator, client) = emulator_listing(100).await;
    let mut stream = client.list_webhooks().into_paginator().page_size(10).send();
    for _ in 0..2 {
        stream.next().await.unwrap().unwrap();
    }
    // The third page comes back empty while still claiming 100 items.
    let liar =
        json!({"statusCode": 200, "message": "success", "requestId": "r", "data": {"totalCount": 100, "list": []}});
    emulator.faults().inject(LIST_WEBHOOKS, Fault::Envelope(liar), 1);
    assert!(stream.next().await.is_none());
    assert!(stream.next().await.is_none());
    assert_eq!(emulator.requests_to(LIST_WEBHOOKS), 3);
}

#[tokio::test]
async fn a_body_pagination_object_pages_and_an_error_ends_the_stream() {
    let (emulator, client) = emulator_listing(22).await;
    let stream = client.get_user_action_logs().into_paginator().page_size(5).send();
    let got = pages(stream, |log| log.user_id.clone()).await;
    assert_pages(&got, &[5, 5, 5, 5, 2], 1);
    assert_eq!(emulator.requests_to(GET_USER_ACTION_LOGS), 5);

    // The second page fails: the error comes once, then the stream is over.
    let mut items = client.get_user_action_logs().into_paginator().page_size(5).items();
    for n in 1..=5 {
        assert_eq!(items.next().await.unwrap().unwrap().user_id, format!("item-{n}"));
    }
    emulator.faults().inject(GET_USER_ACTION_LOGS, Fault::HttpStatus(503), 1);
    assert!(matches!(items.next().await, Some(Err(Error::Http { status: 503, .. }))));
    assert!(items.next().await.is_none());
    assert_eq!(emulator.requests_to(GET_USER_ACTION_LOGS), 5 + 2);
}

#[tokio::test]
async fn options_pagination_pages_through_real_users_and_keeps_other_options() {
    let (emulator, client) = emulator_listing(0).await;
    let people: Vec<CreateUserInfoDto> =
        (0..13).map(|i| CreateUserInfoDto { email: Some(format!("u{i}@example.com")), ..Default::default() }).collect();
    let created = client.create_users_batch().body_map(|b| b.list(people)).send().await.unwrap();
    let ids: Vec<String> = created.into_iter().map(|u| u.user_id).collect();

    let got = pages(client.list_users().into_paginator().page_size(3).send(), |u| u.user_id.clone()).await;
    let sizes: Vec<usize> = got.iter().map(|page| page.keys.len()).collect();
    assert_eq!(sizes, [3, 3, 3, 3, 1]);
    let listed: Vec<String> = got.into_iter().flat_map(|page| page.keys).collect();
    assert_eq!(listed, ids, "every user once, in creation order");
    assert_eq!(emulator.requests_to(LIST_USERS), 5);

    // A page and limit set in `options.pagination` are where paging starts
    // and its page size; the other options still travel with every page.
    let options = ListUsersOptionsDto {
        pagination: Some(PaginationDto { page: Some(2), limit: Some(4) }),
        with_custom_data: Some(true),
        ..Default::default()
    };
    let users: Vec<_> =
        client.list_users().body_map(|b| b.options(options)).into_paginator().items().try_collect().await.unwrap();
    let listed: Vec<&str> = users.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(listed, ids[4..].iter().map(String::as_str).collect::<Vec<_>>());
    assert!(users.iter().all(|u| u.custom_data.is_some()), "withCustomData was kept on every page");
    assert_eq!(emulator.requests_to(LIST_USERS), 5 + 3);
}

#[tokio::test]
async fn a_scroll_follows_the_returned_ids_until_they_run_out() {
    let (emulator, client) = emulator_listing(20).await;
    let mut stream =
        client.get_all_metadata_row().body_map(|b| b.model_id("model".to_owned())).into_paginator().page_size(6).send();
    let mut rows = Vec::new();
    let mut ids = Vec::new();
    while let Some(page) = stream.next().await {
        let page = page.unwrap();
        assert_eq!((page.number(), page.total_count()), (None, None));
        ids.push(page.scroll_id().map(str::to_owned));
        rows.extend(page.into_items());
    }
    assert_eq!(rows, keys(1, 20));
    let expected: Vec<Option<String>> =
        vec![Some("after-6".into()), Some("after-12".into()), Some("after-18".into()), None];
    assert_eq!(ids, expected);
    assert_eq!(emulator.requests_to(SCROLL_ROWS), 4, "no request after the scroll ran out");

    // Resuming from a scroll id, with the default step size.
    let rest: Vec<String> = client
        .get_all_metadata_row()
        .body_map(|b| b.model_id("model".to_owned()).scroll_id("after-12".to_owned()))
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest, keys(13, 20));
}

#[test]
fn streams_are_send_and_unpin() {
    fn check<T: Send + Unpin>(_: &T) {}
    let client = ManagementClient::builder()
        .host("http://127.0.0.1:1")
        .access_key_id("id")
        .access_key_secret("secret")
        .build()
        .unwrap();
    check(&client.list_users().into_paginator().send());
    check(&client.list_webhooks().into_paginator().items());
    check(&client.get_all_metadata_row().into_paginator().items());
}
