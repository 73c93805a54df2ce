<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en_US">
<context>
    <name>AppSettings</name>
    <message>
        <source>Host &quot;%1&quot; is not an IP address or a host name.</source>
        <translation>主机“%1”既不是 IP 地址，也不是主机名。</translation>
    </message>
    <message>
        <source>Port must be from 0 to 65535 (0 picks a free port), not %1.</source>
        <translation>端口必须在 0 到 65535 之间（0 表示自动选择空闲端口），而不是 %1。</translation>
    </message>
    <message>
        <source>%1 must be from %2 to %3, not %4.</source>
        <translation>%1 必须在 %2 到 %3 之间，而不是 %4。</translation>
    </message>
    <message>
        <source>Traces kept by the window</source>
        <translation>窗口保留的追踪数</translation>
    </message>
    <message>
        <source>Trace memory (MiB)</source>
        <translation>追踪内存（MiB）</translation>
    </message>
    <message>
        <source>Traces kept by the hub</source>
        <translation>追踪中心保留的追踪数</translation>
    </message>
    <message>
        <source>Body capture (bytes)</source>
        <translation>消息体捕获上限（字节）</translation>
    </message>
</context>
<context>
    <name>BuildInfo</name>
    <message>
        <source>asgiscope</source>
        <translation>asgiscope</translation>
    </message>
    <message>
        <source>Qt (running)</source>
        <translation>Qt（运行时）</translation>
    </message>
    <message>
        <source>Qt (built with)</source>
        <translation>Qt（构建时）</translation>
    </message>
    <message>
        <source>Boost</source>
        <translation>Boost</translation>
    </message>
    <message>
        <source>OpenSSL</source>
        <translation>OpenSSL</translation>
    </message>
    <message>
        <source>Compiler</source>
        <translation>编译器</translation>
    </message>
    <message>
        <source>Build type</source>
        <translation>构建类型</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>  (built in)</source>
        <comment>middleware</comment>
        <translation>  （内置）</translation>
    </message>
    <message>
        <source>handles: %1</source>
        <comment>middleware</comment>
        <translation>处理：%1</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>演示</translation>
    </message>
</context>
<context>
    <name>TrafficFilter</name>
    <message>
        <source>A double quote is not closed.</source>
        <translation>双引号没有闭合。</translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot; (known keys: %2).</source>
        <translation>未知的键“%1”（可用的键：%2）。</translation>
    </message>
    <message>
        <source>&quot;%1:&quot; needs a value.</source>
        <translation>“%1:”需要一个值。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a status (write 404, 4xx, &gt;=400 or &lt;300).</source>
        <translation>“%1”不是状态码（可写 404、4xx、&gt;=400 或 &lt;300）。</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::AboutDialog</name>
    <message>
        <source>About asgiscope</source>
        <translation>关于 asgiscope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;asgiscope&lt;/h3&gt;&lt;p&gt;An ASGI server and a Starlette-like framework with tracing: see every message cross every layer of an application.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;asgiscope&lt;/h3&gt;&lt;p&gt;一个带追踪功能的 ASGI 服务器和类 Starlette 框架：看清每条消息如何穿过应用的每一层。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the versions for a bug report</source>
        <translation>复制版本信息，用于提交问题报告</translation>
    </message>
    <message>
        <source>Versions:</source>
        <translation>版本：</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::InspectorTreeModel</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>%1 of %2 bytes kept</source>
        <translation>保留了 %2 字节中的 %1 字节</translation>
    </message>
    <message numerus="yes">
        <source>%n header(s)</source>
        <translation>
            <numerusform>%n 个头部字段</numerusform>
        </translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>entered</source>
        <translation>进入</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>返回</translation>
    </message>
    <message>
        <source> (did not finish)</source>
        <translation>（未完成）</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>self time</source>
        <translation>自身耗时</translation>
    </message>
    <message>
        <source>short-circuited</source>
        <translation>已短路</translation>
    </message>
    <message>
        <source>answered without calling the layer inside it</source>
        <translation>未调用内层就直接作出了响应</translation>
    </message>
    <message>
        <source>read the body</source>
        <translation>读取了消息体</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>messages not kept</source>
        <translation>未保留的消息</translation>
    </message>
    <message>
        <source>exception</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>raised here</source>
        <translation>在此抛出</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>handled here</source>
        <translation>在此处理</translation>
    </message>
    <message>
        <source>left this layer</source>
        <translation>离开了这一层</translation>
    </message>
    <message>
        <source>scope diff</source>
        <translation>scope 差异</translation>
    </message>
    <message>
        <source>outermost layer: the scope as the server made it</source>
        <translation>最外层：服务器创建时的 scope</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 → %2: no change</source>
        <translation>%1 → %2：无变化</translation>
    </message>
    <message>
        <source>no layer</source>
        <translation>无层</translation>
    </message>
    <message>
        <source>nothing selected</source>
        <translation>未选择任何内容</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>层 %1</translation>
    </message>
    <message>
        <source>scope at this layer</source>
        <translation>此层看到的 scope</translation>
    </message>
    <message>
        <source>no message</source>
        <translation>无消息</translation>
    </message>
    <message>
        <source>message %1 of %2 (at %3)</source>
        <translation>第 %1 条消息，共 %2 条（位于 %3）</translation>
    </message>
    <message>
        <source>direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>received (inward)</source>
        <translation>接收（向内）</translation>
    </message>
    <message>
        <source>sent (outward)</source>
        <translation>发送（向外）</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>⟳ before: as %1 sent it</source>
        <translation>⟳ 修改前：%1 发送时的样子</translation>
    </message>
    <message>
        <source>⟳ before: as %1 received it</source>
        <translation>⟳ 修改前：%1 接收时的样子</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::InspectorView</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>body: %1</source>
        <translation>消息体：%1</translation>
    </message>
    <message>
        <source>(not JSON%1)

%2</source>
        <translation>（不是 JSON%1）

%2</translation>
    </message>
    <message>
        <source>: only part of it was kept</source>
        <translation>：只保留了一部分</translation>
    </message>
    <message>
        <source>(not an image)</source>
        <translation>（不是图片）</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::LogModel</name>
    <message>
        <source>trace</source>
        <translation>追踪</translation>
    </message>
    <message>
        <source>debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::LogPanel</name>
    <message>
        <source>All levels</source>
        <translation>所有级别</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>信息及以上</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>Filter log lines</source>
        <translation>筛选日志行</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::MainWindow</name>
    <message>
        <source>asgiscope — %1</source>
        <translation>asgiscope — %1</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>追踪</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Middleware</source>
        <translation>中间件</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Layer %1: exchanges it short-circuited or errored in</source>
        <translation>层 %1：在此短路或出错的请求</translation>
    </message>
    <message>
        <source>Port %1 is in use: serving on %2</source>
        <translation>端口 %1 已被占用：改为在 %2 上提供服务</translation>
    </message>
    <message>
        <source>The server did not start: %1</source>
        <translation>服务器未能启动：%1</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Tracing</source>
        <translation>追踪</translation>
    </message>
    <message>
        <source>Record a trace of every request (Tracer::set_enabled)</source>
        <translation>记录每个请求的追踪（Tracer::set_enabled）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Forget the kept traces and the live counters</source>
        <translation>丢弃已保留的追踪和实时计数</translation>
    </message>
    <message>
        <source>Filter </source>
        <translation>筛选 </translation>
    </message>
    <message>
        <source>method:POST status:5xx route:user text</source>
        <translation>method:POST status:5xx route:user 文本</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Restore default layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>Copy server URL</source>
        <translation>复制服务器 URL</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>Focus the filter</source>
        <translation>定位到筛选框</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Click to copy the server URL</source>
        <translation>点击复制服务器 URL</translation>
    </message>
    <message>
        <source>Click to switch tracing on or off</source>
        <translation>点击开启或关闭追踪</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>已复制 %1</translation>
    </message>
    <message>
        <source>Start the server</source>
        <translation>启动服务器</translation>
    </message>
    <message>
        <source>stopped (%1)</source>
        <translation>已停止（%1）</translation>
    </message>
    <message>
        <source>server stopped</source>
        <translation>服务器已停止</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>starting… (%1)</source>
        <translation>正在启动…（%1）</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Stop the server gracefully</source>
        <translation>平滑停止服务器</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>stopping… (%1)</source>
        <translation>正在停止…（%1）</translation>
    </message>
    <message>
        <source>1 request</source>
        <translation>1 个请求</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 个请求</translation>
    </message>
    <message>
        <source>%1 req/s</source>
        <translation>%1 请求/秒</translation>
    </message>
    <message>
        <source>1 open connection</source>
        <translation>1 个打开的连接</translation>
    </message>
    <message>
        <source>%1 open connections</source>
        <translation>%1 个打开的连接</translation>
    </message>
    <message>
        <source>traces %1 kept, %2 dropped</source>
        <translation>追踪：保留 %1，丢弃 %2</translation>
    </message>
    <message>
        <source>tracing on</source>
        <translation>追踪已开启</translation>
    </message>
    <message>
        <source>tracing off</source>
        <translation>追踪已关闭</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About asgiscope</source>
        <translation>关于 asgiscope(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Saved. The server address, the hub&apos;s cap and the body capture apply when asgiscope starts next time.</source>
        <translation>已保存。服务器地址、追踪中心上限和消息体捕获上限将在下次启动 asgiscope 时生效。</translation>
    </message>
    <message>
        <source>The language changes when asgiscope starts next time.</source>
        <translation>语言将在下次启动 asgiscope 时切换。</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::MatchModel</name>
    <message>
        <source>→ endpoint of &apos;%1&apos; at %2%3</source>
        <translation>→ 由“%1”的端点处理，位于 %2%3</translation>
    </message>
    <message>
        <source>→ mounted app &apos;%1&apos; at %2; it sees the path %3</source>
        <translation>→ 挂载的应用“%1”，位于 %2；它看到的路径是 %3</translation>
    </message>
    <message>
        <source>→ 404 Not Found (no route matched; redirect_slashes: %1)</source>
        <translation>→ 404 Not Found（没有匹配的路由；redirect_slashes：%1）</translation>
    </message>
    <message>
        <source>not tried</source>
        <translation>未尝试</translation>
    </message>
    <message>
        <source>→ 405 Method Not Allowed, Allow: %1 (the path matches &apos;%2&apos;, the method does not)</source>
        <translation>→ 405 Method Not Allowed，Allow: %1（路径匹配“%2”，但请求方法不匹配）</translation>
    </message>
    <message>
        <source>→ 307 Temporary Redirect to %1 (redirect_slashes)</source>
        <translation>→ 307 Temporary Redirect 到 %1（redirect_slashes）</translation>
    </message>
    <message>
        <source>→ no route: the WebSocket handshake is closed (1000)</source>
        <translation>→ 没有路由：WebSocket 握手被关闭（1000）</translation>
    </message>
    <message>
        <source>→ no route: the router&apos;s default app answers</source>
        <translation>→ 没有路由：由路由器的默认应用响应</translation>
    </message>
    <message>
        <source>Mount </source>
        <translation>Mount </translation>
    </message>
    <message>
        <source>Host </source>
        <translation>Host </translation>
    </message>
    <message>
        <source>not tried: an earlier route matched fully</source>
        <translation>未尝试：前面的路由已完全匹配</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::MatchTester</name>
    <message>
        <source>Explain</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>HTTP method; WS asks about a WebSocket handshake</source>
        <translation>HTTP 方法；WS 表示查询 WebSocket 握手</translation>
    </message>
    <message>
        <source>URL or path, e.g. /users/7?x=1</source>
        <translation>URL 或路径，例如 /users/7?x=1</translation>
    </message>
    <message>
        <source>Host header (optional)</source>
        <translation>Host 请求头（可选）</translation>
    </message>
    <message>
        <source>route name, e.g. user</source>
        <translation>路由名称，例如 user</translation>
    </message>
    <message>
        <source>params, e.g. id=7</source>
        <translation>参数，例如 id=7</translation>
    </message>
    <message>
        <source>url_for</source>
        <translation>url_for</translation>
    </message>
    <message>
        <source>redirect_slashes: %1</source>
        <translation>redirect_slashes：%1</translation>
    </message>
    <message>
        <source>Cannot explain this request: %1</source>
        <translation>无法解释这个请求：%1</translation>
    </message>
    <message>
        <source>Parameters look like id=7, name=x; not &apos;%1&apos;</source>
        <translation>参数的格式应为 id=7, name=x，而不是“%1”</translation>
    </message>
    <message>
        <source>Give a route name</source>
        <translation>请输入路由名称</translation>
    </message>
    <message>
        <source>%1 (host %2)</source>
        <translation>%1（主机 %2）</translation>
    </message>
    <message>
        <source>url_for(&apos;%1&apos;) → %2</source>
        <translation>url_for(&apos;%1&apos;) → %2</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::MiddlewareModel</name>
    <message>
        <source>(options not described)</source>
        <translation>（未描述选项）</translation>
    </message>
    <message>
        <source>%1 ns</source>
        <translation>%1 ns</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>1 request</source>
        <translation>1 个请求</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 个请求</translation>
    </message>
    <message>
        <source>1 short-circuit</source>
        <translation>1 次短路</translation>
    </message>
    <message>
        <source>%1 short-circuits</source>
        <translation>%1 次短路</translation>
    </message>
    <message>
        <source>1 error</source>
        <translation>1 个错误</translation>
    </message>
    <message>
        <source>%1 errors</source>
        <translation>%1 个错误</translation>
    </message>
    <message>
        <source>%1 handled</source>
        <translation>已处理 %1 个</translation>
    </message>
    <message>
        <source>self %1 mean, %2 p95</source>
        <translation>自身耗时 平均 %1，p95 %2</translation>
    </message>
    <message>
        <source> (added by the application)</source>
        <translation>（由应用添加）</translation>
    </message>
    <message>
        <source> (built in)</source>
        <translation>（内置）</translation>
    </message>
    <message>
        <source>options: %1</source>
        <translation>选项：%1</translation>
    </message>
    <message>
        <source>exception handlers: %1</source>
        <translation>异常处理器：%1</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Exception handlers</source>
        <translation>异常处理器</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Short-circuits</source>
        <translation>短路次数</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <source>Self (mean)</source>
        <translation>自身耗时（平均）</translation>
    </message>
    <message>
        <source>Self (p95)</source>
        <translation>自身耗时（p95）</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::PreferencesDialog</name>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Trace requests when asgiscope starts</source>
        <translation>启动 asgiscope 时即追踪请求</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>An IP address or a host name; 127.0.0.1 keeps the server on this machine</source>
        <translation>IP 地址或主机名；127.0.0.1 表示服务器只对本机开放</translation>
    </message>
    <message>
        <source>0 picks a free port</source>
        <translation>0 表示自动选择空闲端口</translation>
    </message>
    <message>
        <source>Server (applied when the server starts next time)</source>
        <translation>服务器（下次启动服务器时生效）</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Traces</source>
        <translation>追踪</translation>
    </message>
    <message>
        <source>The window keeps at most this many traces; the oldest go first</source>
        <translation>窗口最多保留这么多条追踪；最早的先被丢弃</translation>
    </message>
    <message>
        <source>The window keeps at most about this much trace data</source>
        <translation>窗口最多保留大约这么多的追踪数据</translation>
    </message>
    <message>
        <source>The trace hub keeps this many recent traces for new subscribers (applied on the next start of asgiscope)</source>
        <translation>追踪中心为新订阅者保留这么多条最近的追踪（下次启动 asgiscope 时生效）</translation>
    </message>
    <message>
        <source>Longer bodies are cut in traces (applied on the next start of asgiscope)</source>
        <translation>超出长度的消息体在追踪中会被截断（下次启动 asgiscope 时生效）</translation>
    </message>
    <message>
        <source>Traces kept by the &amp;window:</source>
        <translation>窗口保留的追踪数(&amp;W)：</translation>
    </message>
    <message>
        <source>Trace &amp;memory:</source>
        <translation>追踪内存(&amp;M)：</translation>
    </message>
    <message>
        <source>Traces kept by the h&amp;ub:</source>
        <translation>追踪中心保留的追踪数(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Body capture:</source>
        <translation>消息体捕获上限(&amp;B)：</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Applied when asgiscope starts next time</source>
        <translation>下次启动 asgiscope 时生效</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::RouteTreeModel</name>
    <message>
        <source>Router</source>
        <translation>Router</translation>
    </message>
    <message>
        <source>Mount %1</source>
        <translation>Mount %1</translation>
    </message>
    <message>
        <source>Host %1</source>
        <translation>Host %1</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>redirect_slashes on</source>
        <translation>redirect_slashes 开启</translation>
    </message>
    <message>
        <source>redirect_slashes off</source>
        <translation>redirect_slashes 关闭</translation>
    </message>
    <message>
        <source>%1 (middleware: %2)</source>
        <translation>%1（中间件：%2）</translation>
    </message>
    <message numerus="yes">
        <source>The application&apos;s Router: %n route(s); redirect_slashes %1</source>
        <translation>
            <numerusform>应用的 Router：%n 条路由；redirect_slashes %1</numerusform>
        </translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>name: %1 (url_for)</source>
        <translation>名称：%1（url_for）</translation>
    </message>
    <message>
        <source>path format: %1</source>
        <translation>路径格式：%1</translation>
    </message>
    <message>
        <source>regex: %1</source>
        <translation>正则表达式：%1</translation>
    </message>
    <message>
        <source>not included in the schema</source>
        <translation>不包含在 schema 中</translation>
    </message>
    <message>
        <source>route middleware: %1</source>
        <translation>路由中间件：%1</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Convertors</source>
        <translation>转换器</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>命中数</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>最近状态</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::SequenceDiagram</name>
    <message>
        <source>Select a request in Traffic to see its trace.</source>
        <translation>在“流量”中选择一个请求以查看其追踪。</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>raised %1</source>
        <translation>抛出 %1</translation>
    </message>
    <message>
        <source>self time %1 of %2</source>
        <translation>自身耗时 %1，总计 %2</translation>
    </message>
    <message>
        <source>answered without calling the layer inside it</source>
        <translation>未调用内层就直接作出了响应</translation>
    </message>
    <message>
        <source>read the request body</source>
        <translation>读取了请求体</translation>
    </message>
    <message>
        <source>raised %1: %2</source>
        <translation>抛出 %1：%2</translation>
    </message>
    <message>
        <source>handled %1: %2</source>
        <translation>处理了 %1：%2</translation>
    </message>
    <message>
        <source>let %1 through: %2</source>
        <translation>放行了 %1：%2</translation>
    </message>
    <message>
        <source>did not finish (the request ended first)</source>
        <translation>未完成（请求先结束了）</translation>
    </message>
    <message>
        <source>%1 saw the scope change: %2</source>
        <translation>%1 看到 scope 发生变化：%2</translation>
    </message>
    <message>
        <source>the server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>%1 raised %2
handled by %3</source>
        <translation>%1 抛出 %2
由 %3 处理</translation>
    </message>
    <message>
        <source>↩ it answered without calling the layer inside it</source>
        <translation>↩ 它未调用内层就直接作出了响应</translation>
    </message>
    <message>
        <source>received by %1 at %2</source>
        <translation>由 %1 在 %2 接收</translation>
    </message>
    <message>
        <source>sent by %1 at %2</source>
        <translation>由 %1 在 %2 发送</translation>
    </message>
    <message>
        <source>⟳ changed by %1</source>
        <translation>⟳ 被 %1 修改</translation>
    </message>
    <message>
        <source>● %1 read the body here</source>
        <translation>● %1 在此读取了消息体</translation>
    </message>
    <message>
        <source>↩ %1 answered without calling inward</source>
        <translation>↩ %1 未向内调用就直接作出了响应</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::ServerController</name>
    <message>
        <source>the server could not start (exit code %1); see the log</source>
        <translation>服务器无法启动（退出码 %1）；请查看日志</translation>
    </message>
    <message numerus="yes">
        <source>%n log line(s) dropped: the server logged faster than the window could show</source>
        <translation>
            <numerusform>丢弃了 %n 行日志：服务器写日志的速度超过了窗口的显示速度</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::TrafficModel</name>
    <message>
        <source>No route matched</source>
        <translation>没有匹配的路由</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::TrafficView</name>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Hold new requests back (they are counted and shown on resume)</source>
        <translation>暂不显示新请求（它们会被计数，恢复后显示）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Forget every request listed</source>
        <translation>丢弃列表中的所有请求</translation>
    </message>
    <message>
        <source>Keys: %1. Same key: either; different keys: all. -key:value excludes; key:=value compares the whole value; other words must appear in the path or the route.</source>
        <translation>可用的键：%1。同一个键的多个条件满足其一即可；不同的键须全部满足。-key:value 表示排除；key:=value 表示比较完整的值；其他词必须出现在路径或路由中。</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n 个请求</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n request(s)</source>
        <translation>
            <numerusform>%1 / %n 个请求</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>· paused, %n held</source>
        <translation>
            <numerusform>· 已暂停，暂存 %n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>asgiscope::ui::WaterfallView</name>
    <message>
        <source>No exchange selected</source>
        <translation>未选择请求</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>总计 %1</translation>
    </message>
    <message>
        <source>self</source>
        <translation>自身</translation>
    </message>
</context>
</TS>
