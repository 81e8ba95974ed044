//! Files kheo writes for editors, as opposed to the site it builds: a whole
//! new site to start from (`kheo init`) and a new article with its front
//! matter filled in (`kheo new`), or a new document (`kheo new van-ban`).

pub mod init;
pub mod new_article;
pub mod new_document;
pub(crate) mod yaml_text;
